/**
 * Where the tests find the machine's real services. Tests are not the product, but they still take
 * these from one place: the defaults are STACK.md's, and CI runs with the same.
 */
export const testServices = {
  /** A superuser connection on the machine's PostgreSQL, used only to create and drop test databases. */
  adminDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  databaseUrlFor: (name: string) => `postgres://postgres@127.0.0.1:5432/${name}`,
  redisUrl: 'redis://127.0.0.1:6379',
} as const;
