import { openDatabase } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import { withDataDirFor } from './data-dir.ts';

/** `npm run db:migrate`: applies pending migrations to the configured database, then exits. */
await withDataDirFor('db:migrate', async (config) => {
  const database = await openDatabase(config.database, { max: 1 });
  try {
    await runMigrations(database);
    console.log(`migrations applied (${database.kind} database)`);
  } finally {
    await database.close();
  }
});
