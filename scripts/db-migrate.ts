import { loadConfig } from '../src/config.ts';
import { openDatabase } from './client.ts';
import { runMigrations } from './migrate.ts';

/** `npm run db:migrate`: applies pending migrations to the configured database, then exits. */
const config = loadConfig();
const database = await openDatabase(config.database, { max: 1 });
try {
  await runMigrations(database);
  console.log(`migrations applied (${database.kind} database)`);
} finally {
  await database.close();
}
