import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbOrTx } from '../../db/client.ts';
import { pipelinedTransaction } from '../../db/pipelined-transaction.ts';
import { inSavepoint } from '../../db/savepoint.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/** The chat step's savepoint: a failed step loses its own writes, the turn keeps everything else. */
describe('inSavepoint', () => {
  let test: TestDatabase;
  const ids = async () =>
    (await test.db.execute<{ id: number }>(sql`select id from savepoint_probe order by id`)).map((r) => r.id);
  const insert = (db: DbOrTx, id: number) => db.execute(sql`insert into savepoint_probe values (${id})`);
  const failing = (id: number) => async (db: DbOrTx) => {
    await insert(db, id);
    throw new Error('step failed');
  };

  beforeAll(async () => {
    test = await createTestDatabase({ max: 2 });
    await test.db.execute(sql`create table savepoint_probe (id int primary key)`);
  });
  afterAll(async () => test.drop());

  const failingStatement = (id: number) => async (db: DbOrTx) => {
    await insert(db, id);
    await db.execute(sql`select 1 / 0`);
  };

  it.each([
    ['a pipelined transaction', (fn: (tx: DbOrTx) => Promise<void>) => pipelinedTransaction(test.db, fn)],
    ['db.transaction', (fn: (tx: DbOrTx) => Promise<void>) => test.db.transaction(fn)],
  ])('in %s, rolls back only what the failed step wrote, and the rest commits', async (_, run) => {
    await test.db.execute(sql`delete from savepoint_probe`);
    await run(async (tx) => {
      await insert(tx, 1);
      await expect(inSavepoint(tx, failing(2))).rejects.toThrow('step failed');
      // A statement Postgres refused: the step's error, not the whole transaction's.
      await expect(inSavepoint(tx, failingStatement(5))).rejects.toThrow(/select 1 \/ 0/);
      const kept = await inSavepoint(tx, async (db) => {
        await insert(db, 3);
        return 'kept';
      });
      expect(kept).toBe('kept');
      await insert(tx, 4);
    });
    expect(await ids()).toEqual([1, 3, 4]);
  });

  it('in a pipelined transaction, runs the step on the same transaction object', async () => {
    await pipelinedTransaction(test.db, async (tx) => {
      await inSavepoint(tx, async (db) => expect(db).toBe(tx));
    });
  });

  it('on the root handle, is a transaction of its own', async () => {
    await test.db.execute(sql`delete from savepoint_probe`);
    await expect(inSavepoint(test.db, failing(5))).rejects.toThrow('step failed');
    await inSavepoint(test.db, (db) => insert(db, 6));
    expect(await ids()).toEqual([6]);
  });
});
