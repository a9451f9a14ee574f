import type postgres from 'postgres';
import type { DbOrTx } from './client.ts';
import { isPipelinedClient } from './pipelined-transaction.ts';

type SavepointClient = Pick<postgres.TransactionSql, 'savepoint'>;

/**
 * A savepoint on the transaction `db`, with `fn` running on that same transaction object: what
 * `db.transaction()` does inside a transaction, without the new drizzle session and transaction it
 * builds for every call (a chat turn makes one per message). A failure in `fn` rolls back to the
 * savepoint and is rethrown; the rest of the transaction stays. Anywhere but a pipelinedTransaction
 * (the root handle, or db.transaction's client, which would throw a failed statement of `fn` again
 * at COMMIT) it is db.transaction: a transaction, or drizzle's savepoint on its own client.
 */
export function inSavepoint<T>(db: DbOrTx, fn: (db: DbOrTx) => Promise<T>): Promise<T> {
  const client = (db._.session as unknown as { client: unknown }).client;
  if (!isPipelinedClient(client)) return db.transaction((tx) => fn(tx));
  return (client as SavepointClient).savepoint(() => fn(db)) as Promise<T>;
}
