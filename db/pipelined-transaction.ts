import postgres from 'postgres';
import type { Db, Tx } from './types.ts';

/** What drizzle's postgres-js session uses of a transaction's client. */
type Client = Pick<postgres.TransactionSql, 'unsafe' | 'savepoint'>;

/*
 * postgres.js 3.4 internals this file leans on, as its own sql.begin does (the version is pinned in
 * package.json; tests/startup/pipelined-transaction.test.ts fails if they change): the `onexecute`
 * query option, which hands over the connection; the connection's `reserved`, null once it closed;
 * a query's `handler`, which sends it, and `reject`.
 */
interface Connection {
  reserved: unknown;
}
type Query = ReturnType<postgres.Sql['unsafe']> & {
  handler: (query: Query) => unknown;
  reject: (error: unknown) => void;
};

const closedMark = Symbol('potret.databaseClosed');

/** Marks the transaction client pipelinedTransaction hands to drizzle (see isPipelinedClient). */
const pipelinedMark = Symbol('potret.pipelinedClient');

/**
 * True for the client of a pipelinedTransaction, whose failed statements count against the
 * transaction only when they abort it (postgres.js's own transaction client remembers any failed
 * statement and throws it at COMMIT, even one a savepoint rolled back).
 */
export function isPipelinedClient(client: unknown): boolean {
  return typeof client === 'object' && client !== null && pipelinedMark in client;
}

/** Called by Database.close(): postgres.js's reserve() would open a new connection on an ended pool. */
export function markClosed(db: Db): void {
  Object.defineProperty(db, closedMark, { value: true });
}

/**
 * Errors after which the connection is gone: nothing more may be written to it (postgres.js would
 * throw outside any promise, porsager/postgres#1208) and it is not the pool's to take back.
 */
const connectionLostCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);
/** A FATAL error from the server (57P01 "terminating connection due to administrator command") ends its session. */
const lostConnection = (error: unknown) =>
  error instanceof postgres.PostgresError
    ? error.severity === 'FATAL' || error.severity === 'PANIC'
    : connectionLostCodes.has((error as { code?: string })?.code ?? '');

/**
 * How long a turn waits for a connection of its own before taking sql.begin's path, in ms. Longer
 * than any healthy wait (a turn holds its connection ~1-5 ms); after a backend was killed,
 * postgres.js 3.4's reserve() was seen to wait for ever while its query path recovered.
 */
const RESERVE_WAIT_MS = 2000;

async function reserveWithin(pool: postgres.Sql, ms: number): Promise<postgres.ReservedSql | undefined> {
  const reserving = pool.reserve();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  const reserved = await Promise.race([reserving, late]).finally(() => clearTimeout(timer));
  // A connection reserved after the wait gave up goes back to the pool.
  if (!reserved) reserving.then((connection) => connection.release(), () => undefined);
  return reserved;
}

/**
 * db.transaction, but BEGIN does not wait for its own round trip: a connection is reserved, BEGIN
 * queued, and `fn` runs at once, so `fn`'s first statements share BEGIN's socket write (postgres.js
 * coalesces what is queued on a connection within one event-loop turn; sql.begin awaits BEGIN's
 * answer first). A chat turn then takes two round trips instead of three (bench/chat/trace.ts).
 *
 * `fn` gets drizzle's own transaction object, whose nested transactions are savepoints. When `fn`
 * throws, everything rolls back; when a statement `fn` did not await failed, Postgres answers COMMIT
 * with ROLLBACK and this throws that statement's error. The connection goes back to the pool once the
 * transaction ended, unless it was lost meanwhile.
 */
export async function pipelinedTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ((db as Db & { [closedMark]?: true })[closedMark]) return db.transaction(fn);
  const reserved = await reserveWithin(db.$client, RESERVE_WAIT_MS);
  if (!reserved) return db.transaction(fn);
  let connection: Connection | undefined;
  // Not derivable from connection.reserved: a FATAL error (57P01) reaches the statement before the
  // socket's close does, and a ROLLBACK sent in between never settles (seen in the killed-backend test).
  let lost = false;
  let failure: unknown;
  /** Queues a statement on the reserved connection, unless that connection has closed meanwhile. */
  const send = ((...args: Parameters<postgres.Sql['unsafe']>) => {
    const query = reserved.unsafe(...args) as Query;
    const handler = query.handler;
    query.handler = (q) => {
      // A server that ended the session between two statements (57P01) leaves a closed socket that
      // postgres.js would write to outside any promise (porsager/postgres#1208): the process dies.
      if (connection?.reserved === null) return q.reject(closedError());
      return handler(q);
    };
    query.catch((error: unknown) => {
      lost ||= lostConnection(error);
      // 25P02 "current transaction is aborted" follows the statement that says why.
      if (!(error instanceof postgres.PostgresError && error.code === '25P02')) failure = error;
    });
    return query;
  }) as Client['unsafe'];
  let savepoints = 0;
  const client: Client & { [pipelinedMark]: true } = {
    [pipelinedMark]: true,
    unsafe: send,
    // `inner` starts without waiting for SAVEPOINT's answer: its first statements share a socket write
    // with it (and with whatever was queued before, e.g. a turn's session read).
    savepoint: (async <R>(inner: (sql: Client) => R | Promise<R>) => {
      const name = `s${savepoints++}`;
      const saved = send(`savepoint ${name}`);
      try {
        const result = await inner(client);
        await saved;
        return result;
      } catch (error) {
        const savepointError = await saved.then(
          () => undefined,
          (failed: unknown) => failed,
        );
        // 25P02: the transaction had already failed before SAVEPOINT; the block's error says why.
        const aborted = savepointError instanceof postgres.PostgresError && savepointError.code === '25P02';
        if (savepointError !== undefined) throw aborted ? (failure ?? error) : savepointError;
        if (!lost) await send(`rollback to ${name}`);
        throw error;
      }
    }) as Client['savepoint'],
  };
  const begun = send('begin', [], {
    // postgres.js hands over the connection as BEGIN goes out; true lets more statements follow
    // before its answer. Its `reserved` turns null when the connection closes.
    onexecute: (c: Connection) => {
      connection = c;
      return true;
    },
  } as postgres.UnsafeQueryOptions);
  // Drizzle builds its transaction object itself around the client its session's begin() hands over.
  const root = db._.session;
  const session = Object.create(root, {
    client: { value: { begin: (run: (sql: Client) => Promise<T>) => run(client) } },
  }) as typeof root;
  try {
    const result = (await session.transaction(fn as never)) as T;
    await begun;
    const commit = await send('commit');
    if (commit.command !== 'COMMIT') throw failure ?? new Error('transaction rolled back');
    return result;
  } catch (error) {
    if (!lost) await send('rollback').catch(() => undefined);
    throw error;
  } finally {
    if (!lost) reserved.release();
  }
}

function closedError(): Error {
  return Object.assign(new Error('database connection closed during the transaction'), { code: 'CONNECTION_CLOSED' });
}
