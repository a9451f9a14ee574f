/**
 * Where the database is: a PostgreSQL server (DATABASE_URL) or the embedded PGlite in a folder of
 * DATA_DIR. src/config.ts builds it from the environment; db/ reads no environment itself.
 */
export type DatabaseConfig = { kind: 'url'; url: string } | { kind: 'embedded'; dir: string };
