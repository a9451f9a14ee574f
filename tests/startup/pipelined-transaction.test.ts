import net from 'node:net';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { pipelinedTransaction } from '../../db/pipelined-transaction.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/** The transaction behind every chat turn: what it keeps, what it throws away, and its connection. */
describe('pipelinedTransaction', () => {
  let test: TestDatabase;
  const count = async () =>
    Number((await test.db.execute<{ n: number }>(sql`select count(*)::int as n from pipelined_probe`))[0]!.n);

  beforeAll(async () => {
    test = await createTestDatabase({ max: 2 });
    await test.db.execute(sql`create table pipelined_probe (id int primary key)`);
  });
  afterAll(async () => test.drop());

  it('commits what fn wrote and answers its result', async () => {
    const before = await count();
    const result = await pipelinedTransaction(test.db, async (tx) => {
      await tx.execute(sql`insert into pipelined_probe values (1)`);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await count()).toBe(before + 1);
  });

  it('rolls everything back when fn throws, and the pool is whole afterwards', async () => {
    const before = await count();
    await expect(
      pipelinedTransaction(test.db, async (tx) => {
        await tx.execute(sql`insert into pipelined_probe values (2)`);
        throw new Error('customer left');
      }),
    ).rejects.toThrow('customer left');
    expect(await count()).toBe(before);
    // Both connections (max 2) are free again: two transactions at once finish.
    await Promise.all([1, 2].map(() => pipelinedTransaction(test.db, (tx) => tx.execute(sql`select 1`))));
  });

  it('throws the error of a statement fn did not await, and keeps nothing', async () => {
    const before = await count();
    await expect(
      pipelinedTransaction(test.db, async (tx) => {
        await tx.execute(sql`insert into pipelined_probe values (3)`);
        const client = (tx._.session as unknown as { client: postgres.TransactionSql }).client;
        // Queued and never awaited, like a turn's session save: a duplicate key aborts the transaction.
        void client.unsafe('insert into pipelined_probe values (3)').execute();
        return 'looked fine';
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toBe(before);
  });

  it('nested transactions are savepoints: a failed one rolls back alone', async () => {
    const before = await count();
    await pipelinedTransaction(test.db, async (tx) => {
      await tx.execute(sql`insert into pipelined_probe values (4)`);
      await expect(
        tx.transaction(async (inner) => {
          await inner.execute(sql`insert into pipelined_probe values (5)`);
          await inner.execute(sql`insert into pipelined_probe values (4)`);
        }),
      ).rejects.toMatchObject({ cause: { code: '23505' } });
      await tx.transaction((inner) => inner.execute(sql`insert into pipelined_probe values (6)`));
    });
    const ids = await test.db.execute<{ id: number }>(sql`select id from pipelined_probe where id in (4, 5, 6) order by id`);
    expect(ids.map((r) => r.id)).toEqual([4, 6]);
    expect(await count()).toBe(before + 2);
  });

  it('a savepoint after a statement that failed throws that statement’s error, not “transaction aborted”', async () => {
    const before = await count();
    await expect(
      pipelinedTransaction(test.db, async (tx) => {
        const client = (tx._.session as unknown as { client: postgres.TransactionSql }).client;
        // Queued and not awaited, like a turn's lock and session read ahead of the step's savepoint.
        void client.unsafe('insert into pipelined_probe values (7), (7)').execute();
        await tx.transaction((inner) => inner.execute(sql`insert into pipelined_probe values (8)`));
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toBe(before);
  });

  it('sends BEGIN together with the first statements: one round trip fewer than db.transaction', async () => {
    /** Socket writes on a fresh one-connection pool while `run` runs. */
    const writes = async (run: (db: TestDatabase['db']) => Promise<unknown>) => {
      const database = await openDatabase({ kind: 'url', url: test.url }, { max: 1 });
      const original = net.Socket.prototype.write;
      let sent = 0;
      try {
        await database.db.execute(sql`select 1`); // connected, types fetched
        net.Socket.prototype.write = function (this: net.Socket, ...args: Parameters<typeof original>) {
          sent++;
          return original.apply(this, args);
        } as typeof original;
        await run(database.db);
        return sent;
      } finally {
        net.Socket.prototype.write = original;
        await database.close();
      }
    };
    const body = (tx: Parameters<Parameters<TestDatabase['db']['transaction']>[0]>[0]) =>
      tx.execute(sql`select count(*) from pipelined_probe`);
    const plain = await writes((db) => db.transaction(body));
    const pipelined = await writes((db) => pipelinedTransaction(db, body));
    expect(plain).toBe(3); // begin; the select; commit
    expect(pipelined).toBe(2);
  });

  it('fails like db.transaction once the database is closed', async () => {
    const database = await openDatabase({ kind: 'url', url: test.url }, { max: 1 });
    await database.close();
    await expect(pipelinedTransaction(database.db, (tx) => tx.execute(sql`select 1`))).rejects.toMatchObject({
      code: 'CONNECTION_ENDED',
    });
  });

  it('a connection killed mid-transaction fails that turn only: no crash, and the next turns run', async () => {
    const database = await openDatabase({ kind: 'url', url: test.url }, { max: 2 });
    const admin = postgres(test.url, { max: 1, onnotice: () => {} });
    try {
      await expect(
        pipelinedTransaction(database.db, async (tx) => {
          const [me] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
          await admin`select pg_terminate_backend(${me!.pid})`;
          // Between two statements, as when Postgres restarts while a step waits on a download: the
          // session's end has reached this process before the next statement is sent.
          await new Promise((resolve) => setTimeout(resolve, 100));
          await tx.execute(sql`insert into pipelined_probe values (7)`);
        }),
      ).rejects.toThrow();
      // The next turns run on a fresh connection. The first one may still get the dead backend's
      // 57P01 "terminating connection", as after postgres.js's own sql.begin.
      const outcomes = [];
      for (let i = 0; i < 3; i++) {
        outcomes.push(
          await pipelinedTransaction(database.db, (tx) => tx.execute<{ one: number }>(sql`select 1 as one`)).then(
            (rows) => rows[0]!.one,
            (error: { code?: string }) => error.code,
          ),
        );
      }
      expect(outcomes.slice(1)).toEqual([1, 1]);
      expect([1, '57P01']).toContain(outcomes[0]);
      const kept = await test.db.execute(sql`select 1 from pipelined_probe where id = 7`);
      expect(kept).toHaveLength(0);
    } finally {
      await admin.end();
      await database.close();
    }
  });
});
