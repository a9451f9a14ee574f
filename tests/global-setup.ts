import postgres from 'postgres';
import { openDatabase } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import { testServices } from './helpers/services.ts';

/** Builds the migrated template database once per test run; each test file clones it. */
export default async function setup(): Promise<() => Promise<void>> {
  const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
  const template = testServices.templateDatabase;
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
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
  return async () => {
    const cleanup = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
    try {
      // Test files drop their own databases; this removes any left by a crashed file.
      const leftovers = await cleanup<{ datname: string }[]>`
        select datname from pg_database where datname like 'potret_t_%'`;
      for (const { datname } of leftovers) {
        await cleanup.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
      await cleanup.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    } finally {
      await cleanup.end();
    }
  };
}
