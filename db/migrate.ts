import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client.ts';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Arbitrary but fixed: every Potret process takes this advisory lock around migrations. */
const MIGRATION_LOCK_KEY = 7_306_551_210;

/**
 * Applies pending migrations under a session advisory lock, so two processes starting at once
 * do not race: the second waits, then finds nothing left to apply.
 */
export async function runMigrations(database: Database): Promise<void> {
  const client = database.connect({ max: 1 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
