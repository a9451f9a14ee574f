import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { urlForDisplay } from '../src/url-display.ts';

/** BullMQ needs maxRetriesPerRequest: null on the connections it blocks on. */
export function createRedis(url: string, options: { lazyConnect?: boolean } = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: options.lazyConnect ?? false });
}

export async function pingRedis(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Redis did not answer at start-up. With REDIS_URL set, Potret only looks there, so the message names
 * the variable and its address; at the default address it also tried to start redis-server from PATH.
 */
export class RedisUnavailableError extends Error {
  constructor(url: string, explicit: boolean) {
    super(
      explicit
        ? `REDIS_URL=${urlForDisplay(url)}: no Redis answers there. Start Redis at that address, or correct REDIS_URL.`
        : `Redis does not answer at ${urlForDisplay(url)} (REDIS_URL is not set), and no redis-server could be started. ` +
            'Install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_URL to a running Redis.',
    );
    this.name = 'RedisUnavailableError';
  }
}

/**
 * Finds Redis at the configured URL. When the URL is the default and nothing answers, starts the
 * redis-server found on PATH with its data under DATA_DIR and returns a stop function for it.
 */
export async function ensureRedis(input: {
  url: string;
  explicit: boolean;
  dataDir: string;
  onStart?: (message: string) => void;
}): Promise<{ url: string; stop: () => Promise<void> }> {
  if (await pingRedis(input.url)) return { url: input.url, stop: async () => {} };
  if (input.explicit) throw new RedisUnavailableError(input.url, true);
  const parsed = new URL(input.url);
  const port = parsed.port || '6379';
  const dir = path.join(input.dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'], {
      stdio: 'ignore',
    });
  } catch {
    throw new RedisUnavailableError(input.url, false);
  }
  const spawnFailed = new Promise<boolean>((resolve) => child.once('error', () => resolve(false)));
  // Up to ~5 s for the server to accept connections.
  for (let attempt = 0; attempt < 25; attempt += 1) {
    const ok = await Promise.race([
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 200)),
      spawnFailed,
    ]);
    if (!ok) throw new RedisUnavailableError(input.url, false);
    if (await pingRedis(input.url, 500)) {
      input.onStart?.(`started redis-server on port ${port} with data in ${dir}`);
      return {
        url: input.url,
        stop: async () => {
          if (child.exitCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(input.url, false);
}
