import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffUsers } from '../../db/schema/index.ts';
import { createBroadcast, getBroadcast, recipientCounts } from '../../src/broadcasts/index.ts';
import { createBroadcastControl } from '../../workers/broadcast/control.ts';
import { addTelegramCustomers, createWorkersHarness, type WorkersHarness } from './harness.ts';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'processes', 'worker.ts');
const CONCURRENCY = 10;

let h: WorkersHarness;
const children = new Set<ChildProcess>();

/** The workers in a separate process (node --import tsx, so the pid is the worker's own). */
async function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      WORKER_DATABASE_URL: h.database.url,
      WORKER_REDIS_URL: h.redisUrl,
      WORKER_PREFIX: h.prefix,
      WORKER_TG_TOKEN: h.tg.token,
      WORKER_TG_API_ROOT: h.tg.apiRoot,
      WORKER_TG_RATE: '100',
      WORKER_TG_CONCURRENCY: String(CONCURRENCY),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
  return child;
}

beforeAll(async () => {
  h = await createWorkersHarness('crash');
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await h.close();
});

describe('a worker killed with -9 mid-campaign', () => {
  it('finishes after a restart, loses nobody, and duplicates at most the messages in flight', async () => {
    const people = await addTelegramCustomers(h.db, 600);
    const [staff] = await h.db
      .insert(staffUsers)
      .values({ email: 'owner@crash.local', name: 'Owner', role: 'owner', passwordHash: 'x' })
      .returning();
    const campaign = await createBroadcast(h.db, {
      title: 'Crash',
      text: 'Promo tahan banting',
      staffId: staff!.id,
    });

    const first = await spawnWorker();
    await createBroadcastControl({ db: h.db, queues: h.queues }).start(campaign.id);
    await h.tg.waitFor(() => h.tg.allSent().length >= 150, 20_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const sentBeforeKill = h.tg.allSent().length;
    expect(sentBeforeKill).toBeLessThan(600);

    await spawnWorker();
    await expect
      .poll(async () => (await getBroadcast(h.db, campaign.id)).status, { timeout: 40_000, interval: 200 })
      .toBe('completed');

    const perChat = new Map<string, number>();
    for (const message of h.tg.allSent()) perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
    const missing = people.filter((p) => !perChat.has(p.chatId));
    const duplicates = [...perChat.values()].reduce((sum, n) => sum + (n - 1), 0);
    expect(missing).toEqual([]);
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    expect(await recipientCounts(h.db, campaign.id)).toMatchObject({ total: 600, sent: 600, pending: 0 });
  }, 90_000);
});
