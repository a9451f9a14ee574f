import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, unixSocketOf } from '../../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('DATABASE_URL in libpq form for a Unix socket', () => {
  it('reads the socket directory from ?host= and keeps user, database and port', () => {
    expect(unixSocketOf('postgres://potret@/studio?host=/var/run/postgresql')).toEqual({
      url: 'postgres://potret@localhost/studio',
      socketPath: '/var/run/postgresql/.s.PGSQL.5432',
    });
    expect(unixSocketOf('postgresql:///studio?host=/run/pg/&sslmode=disable')).toEqual({
      url: 'postgresql://localhost/studio?sslmode=disable',
      socketPath: '/run/pg/.s.PGSQL.5432',
    });
    expect(unixSocketOf('postgres://u:p@localhost:5433/studio?host=/tmp').socketPath).toBe('/tmp/.s.PGSQL.5433');
  });

  it('leaves a TCP address alone', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/studio';
    expect(unixSocketOf(url)).toEqual({ url });
    expect(unixSocketOf('postgres://db.example.com/studio?host=db2.example.com')).toEqual({
      url: 'postgres://db.example.com/studio?host=db2.example.com',
    });
  });

  describe('against the machine’s Postgres', () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase({ max: 1 });
    });
    afterAll(async () => test.drop());

    it('connects through the socket (no server address, as over TCP)', async () => {
      const database = await openDatabase({ kind: 'url', url: `postgres://postgres@/${test.name}?host=/var/run/postgresql` });
      try {
        const [row] = await database.db.execute<{ db: string; addr: string | null }>(
          sql`select current_database() as db, inet_server_addr()::text as addr`,
        );
        expect(row).toEqual({ db: test.name, addr: null });
      } finally {
        await database.close();
      }
    });
  });
});
