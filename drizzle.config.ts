import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL from the schema here; it never connects, so no credentials.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
