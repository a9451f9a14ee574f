import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { testServices } from './services.ts';

export interface TestDatabase extends Database {
  name: string;
  url: string;
  /** Closes the pool and drops the database. */
  drop: () => Promise<void>;
}

/**
 * A fresh database for one test file, cloned from the migrated template that tests/global-setup.ts
 * builds once per run. Demo data is never touched: every file gets its own empty copy.
 */
export async function createTestDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const name = `potret_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
  } finally {
    await admin.end();
  }
  const url = testServices.databaseUrlFor(name);
  const database = await openDatabase({ kind: 'url', url }, { max: options.max ?? 10 });
  return {
    ...database,
    name,
    url,
    drop: async () => {
      await database.close();
      await dropDatabase(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A queue prefix unique to this run and test file, for BullMQ on the shared Redis. */
export function uniqueQueuePrefix(label: string): string {
  return `potret-test:${inject('runId')}:${label}:${randomBytes(3).toString('hex')}`;
}
