import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

/**
 * Runs `fn` in a transaction whose statements are planned for their own parameter values. Every
 * query is a named prepared statement (db/client.ts), and after five runs Postgres may keep one
 * generic plan for all values. For a typed search (LIKE '%…%') that plan walks the newest rows and
 * filters: quick for a common name, but a name nobody has reads all 100,000 customers (bench/admin:
 * 8 ms became 50 ms once the plan turned generic). Costs a BEGIN, a SET and a COMMIT in the same
 * round trips; only for queries whose best plan depends on the values.
 */
export function withCustomPlans<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
    return fn(tx);
  });
}
