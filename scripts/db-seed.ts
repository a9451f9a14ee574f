import { loadConfig } from '../src/config.ts';
import { openDatabase } from './client.ts';
import { runMigrations } from './migrate.ts';
import { seedDemoStudio } from './seed.ts';

/** `npm run db:seed`: seeds the demo studio into an empty catalog (never over the studio's own data). */
const config = loadConfig();
const database = await openDatabase(config.database, { max: 1 });
try {
  await runMigrations(database);
  const { seeded } = await database.db.transaction((tx) => seedDemoStudio(tx));
  console.log(seeded ? 'demo studio seeded' : 'catalog not empty: nothing seeded');
} finally {
  await database.close();
}
