import type { PostgresJsSession } from 'drizzle-orm/postgres-js/session';
import postgres from 'postgres';
import type { Db } from '../../db/client.ts';
import type { Tx } from './session-store.ts';

/** postgres.js's connection object as its `onexecute` query option hands it over (not in its types). */
interface Connection {
  /** Set while reserved; postgres.js clears it when the connection closes. */
  reserved: unknown;
}

type Query = ReturnType<postgres.Sql['unsafe']> & {
  handler: (query: Query) => unknown;
  reject: (error: unknown) => void;
};
/** What drizzle's postgres-js session and session-store's sender use of a transaction's client. */
type Client = Pick<postgres.TransactionSql, 'unsafe' | 'savepoint'>;

interface Scope {
  client: Client;
  /** The first statement of this scope that failed, even if its caller caught it (as postgres.js's begin). */
  failure: { error: unknown } | undefined;
}

/**
 * db.transaction, but BEGIN is not awaited on its own: the connection is reserved, BEGIN queued, and
 * `fn` runs at once, so its first statements leave in the same socket write as BEGIN (postgres.js
 * pipelines what is queued on one connection within an event-loop turn). postgres.js's sql.begin
 * awaits BEGIN's answer before calling `fn`: one round trip more per transaction.
 * Same guarantees as db.transaction: `fn` gets drizzle's own transaction object (savepoints for nested
 * transactions), a failed statement — awaited or not — rolls everything back, and the connection goes
 * back to the pool once the transaction has ended. Statements run in order on the connection, BEGIN
 * first; on a pooled (idle) connection BEGIN fails only with the connection, and then so does every
 * statement after it. Without an idle connection at hand this waits for one like any other query;
 * on an ended pool it takes db.transaction's path, which fails at once.
 * Leans on postgres.js 3.4 internals, as its own begin does: the `onexecute` query option (to see
 * the connection close) and a query's `handler` (to note failures the caller caught).
 */
export async function pipelinedTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const root = db._.session as unknown as PostgresJsSession<postgres.Sql, Record<string, never>, never>;
  const pool = (root as unknown as { client: postgres.Sql }).client;
  const reserved = await reserve(pool);
  if (!reserved) return db.transaction(fn);
  // Drizzle builds its transaction object itself when handed a client through `begin`.
  const session = Object.create(root, {
    client: { value: { begin: (cb: (client: Client) => Promise<T>) => run(reserved, cb) } },
  }) as typeof root;
  return session.transaction(fn as never) as Promise<T>;
}

/** Per pool: whether it has been told to end, and a promise settled then. */
interface PoolState {
  ended: boolean;
  ending: Promise<undefined>;
}
const pools = new WeakMap<postgres.Sql, PoolState>();

/**
 * A reserved connection, or undefined when the pool has ended (or may have, before this module first
 * saw it). postgres.js's reserve waits for ever on an ended pool, where sql.begin fails at once: the
 * caller then takes that path. So this module notes the pool's end() the first time it sees the pool.
 */
async function reserve(pool: postgres.Sql): Promise<postgres.ReservedSql | undefined> {
  let state = pools.get(pool);
  const firstSight = !state;
  if (!state) {
    let ended: (value: undefined) => void = () => undefined;
    const fresh: PoolState = { ended: false, ending: new Promise((resolve) => (ended = resolve)) };
    const end = pool.end;
    pool.end = (options) => {
      fresh.ended = true;
      ended(undefined);
      return end(options);
    };
    pools.set(pool, fresh);
    state = fresh;
  }
  if (state.ended) return undefined;
  const reserving = pool.reserve();
  // Without an idle connection, the wait for one is a race with the pool's end — unless the pool
  // may have ended before it was first seen here, which a moment's wait tells apart from a busy pool
  // only this once.
  const giveUp = firstSight ? new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))) : state.ending;
  const reserved = await Promise.race([reserving, giveUp]);
  // A connection reserved after all goes back to the pool.
  if (!reserved) reserving.then((late) => late.release(), () => undefined);
  return reserved;
}

async function run<T>(reserved: postgres.ReservedSql, fn: (client: Client) => Promise<T>): Promise<T> {
  let connection: Connection | undefined;
  const begun = reserved
    .unsafe('begin', [], {
      // True: the connection may take more statements before BEGIN's answer (postgres.js's own
      // begin returns nothing here, which holds them back).
      onexecute: (c: Connection) => {
        connection = c;
        return true;
      },
    } as postgres.UnsafeQueryOptions)
    .execute();
  begun.catch(() => undefined);
  // A connection that closed meanwhile takes no more statements (writing to it would throw outside
  // any promise) and is the pool's again once closed: postgres.js cleared `reserved` then.
  const alive = () => connection !== undefined && connection.reserved !== null;
  const closed = () => connection !== undefined && connection.reserved === null;
  const counter = { next: 0 };
  const top = scope(reserved, counter, closed);
  try {
    let result: T;
    try {
      result = await fn(top.client);
      await begun;
      if (top.failure) throw top.failure.error;
    } catch (error) {
      await begun.catch(() => undefined);
      if (alive()) await reserved.unsafe('rollback');
      throw error;
    }
    if (!alive()) throw new Error('database connection closed before the transaction could commit');
    const commit = await reserved.unsafe('commit');
    // Postgres answers COMMIT with ROLLBACK when a statement `fn` queued without awaiting it failed.
    // (`failure` is set by callbacks, which the compiler's narrowing does not see.)
    const failure = top.failure as Scope['failure'];
    if (commit.command !== 'COMMIT') throw failure ? failure.error : new Error('transaction rolled back');
    return result;
  } finally {
    if (alive()) reserved.release();
  }
}

function scope(reserved: postgres.ReservedSql, counter: { next: number }, closed: () => boolean): Scope {
  const self: Scope = { client: undefined as unknown as Client, failure: undefined };
  const unsafe = ((...args: Parameters<postgres.Sql['unsafe']>) => {
    const query = reserved.unsafe(...args) as Query;
    const handler = query.handler;
    // As postgres.js's begin: note every failure when the statement is sent, caught or not.
    query.handler = (q) => {
      // postgres.js would write to the closed socket outside any promise (porsager/postgres#1208).
      if (closed()) return q.reject(new Error('database connection closed during the transaction'));
      q.catch((error: unknown) => {
        self.failure ??= { error };
      });
      return handler(q);
    };
    return query;
  }) as Client['unsafe'];
  const savepoint = async <R>(fn: (client: Client) => R | Promise<R>): Promise<R> => {
    const name = `s${counter.next++}`;
    const inner = scope(reserved, counter, closed);
    await inner.client.unsafe(`savepoint ${name}`);
    try {
      const result = await fn(inner.client);
      if (inner.failure) throw inner.failure.error;
      return result;
    } catch (error) {
      await inner.client.unsafe(`rollback to ${name}`);
      // 25P02 "current transaction is aborted": the statement that aborted it says more.
      const aborted = error instanceof postgres.PostgresError && error.code === '25P02';
      throw aborted && inner.failure ? inner.failure.error : error;
    }
  };
  self.client = { unsafe, savepoint: savepoint as Client['savepoint'] };
  return self;
}
