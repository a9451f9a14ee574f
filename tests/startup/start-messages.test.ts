import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct } from '../helpers/product-process.ts';
import { testServices } from '../helpers/services.ts';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What the product printed before it exited (startProduct rejects with it). */
async function failedStart(env: Record<string, string>): Promise<string> {
  const error = await startProduct(env, 60_000).then(
    () => {
      throw new Error('the product started');
    },
    (failure: Error) => failure,
  );
  return error.message;
}

/** A line of a JavaScript stack trace. */
const stackLine = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

describe('start-up messages for services that do not answer', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-messages-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('REDIS_URL at a closed port: names the variable and the address, offers no install, prints no stack', async () => {
    const port = await closedPort();
    const output = await failedStart({ REDIS_URL: `redis://:hush-hush@127.0.0.1:${port}/0`, DATA_DIR: dataDir });
    expect(output).toMatch(/exited with 1:/);
    expect(output).toContain(
      `Potret could not start: REDIS_URL=redis://:***@127.0.0.1:${port}/0: no Redis answers there. ` +
        'Start Redis at that address, or correct REDIS_URL.',
    );
    expect(output).not.toContain('hush-hush');
    expect(output).not.toContain('apt-get');
    expect(output).not.toMatch(stackLine);
    expect(output).not.toContain('"stack"');
    // Nothing was set up for a start that could not run: no database, no redis-server of its own.
    expect(await readdir(dataDir)).not.toContain('pglite');
    expect(await readdir(dataDir)).not.toContain('redis');
  }, 90_000);

  it('DATABASE_URL refused: names the variable and the address (without its password), prints no stack', async () => {
    const port = await closedPort();
    const output = await failedStart({
      DATABASE_URL: `postgres://potret:rahasia@127.0.0.1:${port}/studio`,
      REDIS_URL: testServices.redisUrl,
      DATA_DIR: dataDir,
    });
    expect(output).toContain(
      `Potret could not start: DATABASE_URL=postgres://potret:***@127.0.0.1:${port}/studio: ` +
        `connect ECONNREFUSED 127.0.0.1:${port}. Check that PostgreSQL runs there`,
    );
    expect(output).not.toContain('rahasia');
    expect(output).not.toMatch(stackLine);
    expect(output).not.toContain('"stack"');
  }, 90_000);

  it('DATABASE_URL naming a database the server does not have says so', async () => {
    const output = await failedStart({
      DATABASE_URL: testServices.databaseUrlFor('potret_no_such_database'),
      REDIS_URL: testServices.redisUrl,
      DATA_DIR: dataDir,
    });
    expect(output).toContain(
      `DATABASE_URL=${testServices.databaseUrlFor('potret_no_such_database')}: database "potret_no_such_database" does not exist.`,
    );
    expect(output).not.toMatch(stackLine);
  }, 90_000);
});
