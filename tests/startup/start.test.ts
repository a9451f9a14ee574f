import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../helpers/db.ts';
import { startProduct } from '../helpers/product-process.ts';
import { testServices } from '../helpers/services.ts';
import { inject } from 'vitest';

/** A brand-new empty database (not the migrated template): start-up must migrate it itself. */
async function emptyDatabase(): Promise<string> {
  const name = `potret_t_${inject('runId')}_start${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  return name;
}

describe('npm start on the machine Postgres', () => {
  let dbName: string;
  let dataDir: string;
  beforeAll(async () => {
    dbName = await emptyDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-start-'));
  });
  afterAll(async () => {
    await dropDatabase(dbName);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('two processes starting at once migrate once, seed once, both report healthy, and stop on SIGTERM', async () => {
    const env = {
      DATABASE_URL: testServices.databaseUrlFor(dbName),
      REDIS_URL: testServices.redisUrl,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: 'pemilik@studio.test',
      ADMIN_PASSWORD: 'rahasia-sekali-123',
      // One studio in two processes: they share the queues.
      QUEUE_PREFIX: `t-${inject('runId')}-pair`,
    };
    const [first, second] = await Promise.all([startProduct(env), startProduct(env)]);
    try {
      for (const product of [first, second]) {
        const response = await fetch(`${product.baseUrl}/healthz`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
      }
      const landing = await (await fetch(`${first.baseUrl}/`)).text();
      expect(landing).toContain('Potret Studio Tanjungpinang');

      const sql = postgres(testServices.databaseUrlFor(dbName), { max: 1, onnotice: () => {} });
      try {
        const [products] = await sql`select count(*)::int as n from products where code = 'STD-01'`;
        const [owners] = await sql`select count(*)::int as n from staff_users where role = 'owner'`;
        const [settings] = await sql`select count(*)::int as n from studio_settings`;
        expect(products?.n).toBe(1);
        expect(owners?.n).toBe(1);
        expect(settings?.n).toBe(1);
      } finally {
        await sql.end();
      }
    } finally {
      const codes = await Promise.all([first.stop(), second.stop()]);
      expect(codes).toEqual([0, 0]);
    }
    expect(first.output()).toContain('"msg":"stopped"');
  }, 120_000);

  it('a first start whose port is taken still prints the generated owner password, and says how to pick another port', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const freshDb = await emptyDatabase();
    try {
      const env = {
        DATABASE_URL: testServices.databaseUrlFor(freshDb),
        REDIS_URL: testServices.redisUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
      };
      const failure = startProduct(env, 60_000);
      await expect(failure).rejects.toThrow(/Owner account created: owner@potret\.local {2}password: \S{8,}/);
      await expect(failure).rejects.toThrow(`Port ${port} is taken by another program`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await dropDatabase(freshDb);
    }
  }, 90_000);

  it('stops with one line naming a bad variable', async () => {
    await expect(startProduct({ PORT: 'delapan', DATA_DIR: dataDir }, 20_000)).rejects.toThrow(
      /exited with 78:\s*Invalid config: PORT must be a number/,
    );
  });
});

describe('npm start with no DATABASE_URL (embedded PGlite)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs on the embedded database, prints the generated owner password once, and keeps data across restarts', async () => {
    const env = { REDIS_URL: testServices.redisUrl, DATA_DIR: dataDir };
    const first = await startProduct(env, 90_000);
    try {
      const health = await fetch(`${first.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ database: 'ok', redis: 'ok' });
      expect(first.output()).toMatch(/Owner account created: owner@potret\.local {2}password: \S{8,}/);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = await startProduct(env, 90_000);
    try {
      expect((await fetch(`${second.baseUrl}/healthz`)).status).toBe(200);
      expect(second.output()).not.toContain('Owner account created');
      expect(second.output()).not.toContain('seeded the demo studio');
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 200_000);
});
