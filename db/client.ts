import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { PostgresJsSession } from 'drizzle-orm/postgres-js/session';
import postgres from 'postgres';
import type { DatabaseConfig } from './config.ts';
import { embeddedStartParams, initdbIfNeeded } from './embedded-initdb.ts';
import { markClosed } from './pipelined-transaction.ts';
import * as schema from './schema/index.ts';
import type { Db } from './types.ts';

export type { DatabaseConfig } from './config.ts';
export type { Db, DbOrTx, Schema, Tx } from './types.ts';

/**
 * Drizzle hands postgres.js every unnamed query with prepare: false (drizzle-team/drizzle-orm#6096),
 * and postgres.js then first asks Postgres for the parameter types: two round trips per statement.
 * As named statements, postgres.js prepares each distinct text once per connection and later runs
 * take one round trip (bench/chat/trace.ts: a booking step's 7–15 socket writes became 5–9).
 * Drizzle offers no option for it, so its session's method is wrapped, once per process.
 */
function preparedStatementsByDefault(): void {
  const prototype = PostgresJsSession.prototype as typeof PostgresJsSession.prototype & { potretPrepared?: true };
  if (prototype.potretPrepared) return;
  const prepareQuery = prototype.prepareQuery;
  prototype.prepareQuery = function (
    this: PostgresJsSession<postgres.Sql, Record<string, unknown>, never>,
    ...args: Parameters<typeof prepareQuery>
  ) {
    args[2] ??= '';
    return prepareQuery.apply(this, args);
  } as typeof prepareQuery;
  prototype.potretPrepared = true;
}

export interface Database {
  db: Db;
  sql: postgres.Sql;
  /** Options for a second client to the same database (migrations use their own `max: 1` client). */
  connect: (options?: postgres.Options<Record<string, postgres.PostgresType>>) => postgres.Sql;
  kind: DatabaseConfig['kind'];
  close: () => Promise<void>;
}

export interface DatabaseOptions {
  /** Pool size for a server database; the embedded one always uses a single connection. */
  max?: number;
  onNotice?: (notice: postgres.Notice) => void;
}

const quietNotice = () => {};

/**
 * libpq's form for a server on this host's Unix socket, `postgres://user@/db?host=/var/run/postgresql`,
 * which postgres.js does not read (it would send `host` to the server as a setting). A socket skips
 * loopback TCP, and a same-host deployment with peer or trust auth needs no password.
 */
export function unixSocketOf(databaseUrl: string): { url: string; socketPath?: string } {
  // WHATWG URLs refuse credentials without a host: a stand-in host, replaced by the socket's path.
  const withHost = databaseUrl.replace(/^(postgres(?:ql)?:\/\/(?:[^@/?]*@)?)(?=[/?]|$)/, '$1localhost');
  const parsed = URL.canParse(withHost) ? new URL(withHost) : undefined;
  const directory = parsed?.searchParams.get('host');
  if (!parsed || !directory?.startsWith('/')) return { url: databaseUrl };
  parsed.searchParams.delete('host');
  const port = parsed.port || '5432';
  return { url: parsed.toString(), socketPath: `${directory.replace(/\/+$/, '')}/.s.PGSQL.${port}` };
}

export async function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<Database> {
  const max = options.max ?? 10;
  preparedStatementsByDefault();
  if (config.kind === 'url') {
    const { url, socketPath } = unixSocketOf(config.url);
    const connect = (extra: postgres.Options<Record<string, postgres.PostgresType>> = {}) =>
      postgres(url, {
        ...(socketPath ? { path: socketPath } : {}),
        max,
        onnotice: options.onNotice ?? quietNotice,
        // JIT compiles plans the planner thinks costly (20-200 ms) for queries that finish in a few ms.
        connection: { jit: 'off', application_name: 'potret' },
        ...extra,
      });
    const sql = connect();
    const db = drizzle(sql, { schema });
    return {
      db,
      sql,
      connect,
      kind: 'url',
      close: () => {
        markClosed(db);
        return sql.end({ timeout: 5 });
      },
    };
  }
  return openEmbedded(config.dir, options);
}

export class EmbeddedDatabaseInUseError extends Error {
  constructor(dir: string, socketPath: string) {
    super(`The embedded database in ${dir} is open in another process (its socket ${socketPath} answers): stop that one first.`);
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

/** Whether a server accepts connections on this Unix socket (within 1 s). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * PGlite behind its socket server, so the rest of the code keeps one driver (postgres.js).
 * Every query and transaction goes through one connection, so code must never wait on the root handle
 * while it holds a transaction open (it would wait for itself).
 */
async function openEmbedded(dir: string, options: DatabaseOptions): Promise<Database> {
  // One connection: pglite-socket interleaves statements of concurrent non-transaction queries from
  // different connections (electric-sql/pglite#1046: "bind message supplies 6 parameters, but prepared
  // statement requires 4"). PGlite runs one query at a time anyway, so nothing is lost.
  const max = 1;
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  // Unix socket paths are limited to ~107 bytes, so the socket lives in the temp dir under a short hash.
  const socketDir = path.join(
    os.tmpdir(),
    `potret-pg-${createHash('sha1').update(path.resolve(dir)).digest('hex').slice(0, 10)}`,
  );
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  // A process that opened this folder without DATA_DIR's lock (an older Potret) still answers here.
  if (await answers(socketPath)) throw new EmbeddedDatabaseInUseError(dir, socketPath);
  await initdbIfNeeded(dir);
  const pglite = await PGlite.create({
    dataDir: dir,
    extensions: { pg_trgm },
    startParams: embeddedStartParams(PGlite.defaultStartParams),
  });
  await rm(socketDir, { recursive: true, force: true });
  // The socket takes any user's connection as superuser without a password: only this account may reach it.
  await mkdir(socketDir, { recursive: true, mode: 0o700 });
  // +2: the migration client and one spare beside the pool.
  const server = new PGLiteSocketServer({ db: pglite, path: socketPath, maxConnections: max + 2 });
  await server.start();
  const connect = (extra: postgres.Options<Record<string, postgres.PostgresType>> = {}) =>
    postgres({
      path: socketPath,
      user: 'postgres',
      database: 'postgres',
      max,
      onnotice: options.onNotice ?? quietNotice,
      ...extra,
    });
  const sql = connect();
  const db = drizzle(sql, { schema });
  return {
    db,
    sql,
    connect,
    kind: 'embedded',
    close: async () => {
      markClosed(db);
      await sql.end({ timeout: 5 });
      await server.stop();
      await pglite.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
