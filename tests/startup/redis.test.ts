import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis, pingRedis, RedisUnavailableError } from '../../workers/redis.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('finding Redis at start-up', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-redis-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses a Redis that answers', async () => {
    const found = await ensureRedis({ url: 'redis://127.0.0.1:6379', explicit: false, dataDir });
    expect(found.url).toBe('redis://127.0.0.1:6379');
    await found.stop();
    expect(await pingRedis('redis://127.0.0.1:6379')).toBe(true);
  });

  it('starts redis-server from PATH with its data under DATA_DIR when the default address is silent', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const started = await ensureRedis({ url, explicit: false, dataDir });
    try {
      expect(await pingRedis(url)).toBe(true);
      expect(await readdir(path.join(dataDir, 'redis'))).toBeDefined();
    } finally {
      await started.stop();
    }
    expect(await pingRedis(url, 300)).toBe(false);
  });

  it('with REDIS_URL set but silent, names the variable and its address and starts nothing', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const attempt = ensureRedis({ url, explicit: true, dataDir: path.join(dataDir, 'explicit') });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(`REDIS_URL=${url}: no Redis answers there. Start Redis at that address, or correct REDIS_URL.`);
    await expect(readdir(path.join(dataDir, 'explicit'))).rejects.toThrow(/ENOENT/);
  });

  it('at the default address with no redis-server to start, says how to install one or set REDIS_URL', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const previousPath = process.env.PATH;
    // No redis-server on this PATH.
    process.env.PATH = '/nonexistent';
    try {
      await expect(ensureRedis({ url, explicit: false, dataDir })).rejects.toThrow(
        `Redis does not answer at ${url} (REDIS_URL is not set), and no redis-server could be started. ` +
          'Install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_URL to a running Redis.',
      );
    } finally {
      process.env.PATH = previousPath;
    }
  });
});
