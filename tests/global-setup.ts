import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import { defaultTestNow } from './helpers/clock.ts';
import { testServices } from './helpers/services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database of this test run; each test file clones it. */
    templateDatabase: string;
    /** Prefix of this run's databases and queues, so parallel runs on one machine never meet. */
    runId: string;
  }
}

/** Builds the migrated template database once per test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One "now" for every test process of this run (tests/helpers/clock.ts), even across midnight.
  process.env.POTRET_TEST_NOW ??= defaultTestNow().toISOString();
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const template = `potret_tpl_${runId}`;
  const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ kind: 'url', url: testServices.databaseUrlFor(template) }, { max: 1 });
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
  project.provide('templateDatabase', template);
  project.provide('runId', runId);
  return async () => {
    const cleanup = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
    try {
      // Test files drop their own databases; this removes any a crashed file of this run left.
      const leftovers = await cleanup<{ datname: string }[]>`
        select datname from pg_database where datname like ${`potret_t_${runId}_%`}`;
      for (const { datname } of leftovers) {
        await cleanup.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
      await cleanup.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    } finally {
      await cleanup.end();
    }
  };
}
