import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import type * as schema from './schema/index.ts';

/**
 * The database handle's types, apart from db/client.ts, which opens it: modules that client.ts
 * imports (pipelined-transaction.ts) take them from here, so no two modules import each other.
 */

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
/** A transaction on the database, as db.transaction's callback gets it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database handle or a transaction on it; domain functions accept either. */
export type DbOrTx = Db | Tx;
