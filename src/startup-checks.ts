import type { Database } from '../db/client.ts';
import { urlForDisplay } from './url-display.ts';

/**
 * The server DATABASE_URL names did not take Potret's first query: refused, unknown database or user,
 * wrong password. Said as config errors are, with the variable and its address (no password).
 */
export class DatabaseUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `DATABASE_URL=${urlForDisplay(url)}: ${reason}. Check that PostgreSQL runs there and accepts this user ` +
        'and database, or correct DATABASE_URL.',
      { cause },
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/** Asks the server for one row, before migrations, so a bad DATABASE_URL fails with its own message. */
export async function checkDatabaseUrl(database: Database, url: string): Promise<void> {
  try {
    await database.sql`select 1`;
  } catch (error) {
    throw new DatabaseUnavailableError(url, error);
  }
}
