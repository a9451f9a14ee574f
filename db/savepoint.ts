import type postgres from 'postgres';
import type { DbOrTx } from './client.ts';

type SavepointClient = Partial<Pick<postgres.TransactionSql, 'savepoint'>>;

/**
 * A savepoint on the transaction `db`, with `fn` running on that same transaction object: what
 * `db.transaction()` does inside a transaction, without the new drizzle session and transaction it
 * builds for every call (a chat turn makes one per message). A failure in `fn` rolls back to the
 * savepoint and is rethrown; the rest of the transaction stays. On the root handle (no transaction
 * yet) it is db.transaction.
 */
export function inSavepoint<T>(db: DbOrTx, fn: (db: DbOrTx) => Promise<T>): Promise<T> {
  const client = (db._.session as unknown as { client: SavepointClient }).client;
  if (typeof client.savepoint !== 'function') return db.transaction((tx) => fn(tx));
  return client.savepoint(() => fn(db)) as Promise<T>;
}
