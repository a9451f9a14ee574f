import { openDatabase } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import { seedDemoStudio } from '../db/seed.ts';
import { withDataDirFor } from './data-dir.ts';

/** `npm run db:seed`: seeds the demo studio into an empty catalog (never over the studio's own data). */
await withDataDirFor('db:seed', async (config) => {
  const database = await openDatabase(config.database, { max: 1 });
  try {
    await runMigrations(database);
    const { seeded } = await database.db.transaction((tx) => seedDemoStudio(tx));
    console.log(seeded ? 'demo studio seeded' : 'catalog not empty: nothing seeded');
  } finally {
    await database.close();
  }
});
