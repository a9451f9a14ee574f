import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  broadcastRecipients,
  channelIdentities,
  customers,
  files,
  staffUsers,
  webMessages,
} from '../../db/schema/index.ts';
import { createBroadcast, getBroadcast, recipientCounts } from '../../src/broadcasts/index.ts';
import type { QueueName } from '../../workers/queues.ts';
import { createWorkers, type RunningWorkers } from '../../workers/workers.ts';
import { telegramRun, webRun } from '../helpers/senders.ts';
import { addCustomer, addTelegramCustomers, createWorkersHarness, type WorkersHarness } from './harness.ts';

let h: WorkersHarness;
let running: RunningWorkers | undefined;
let staffId: number;

const start = async (ratePerSecond = 1000) => {
  running = await createWorkers({
    db: h.db,
    queues: h.queues,
    log: h.log,
    timeZone: 'Asia/Jakarta',
    senders: [telegramRun({ db: h.db, token: h.tg.token, apiRoot: h.tg.apiRoot, ratePerSecond }), webRun(h.db)],
    care: false,
  });
  return running;
};

/** Fan-out with no sender running, so recipients can change between the fan-out and their send. */
const startFanoutOnly = () =>
  createWorkers({
    db: h.db,
    queues: h.queues,
    log: h.log,
    timeZone: 'Asia/Jakarta',
    care: false,
  });

const campaign = (
  input: { text?: string; imageFileId?: number; scheduledAt?: Date; segment?: object } = {},
) =>
  createBroadcast(h.db, {
    title: `Promo ${randomBytes(2).toString('hex')}`,
    text: input.text ?? 'Diskon 20% untuk foto keluarga bulan ini!',
    staffId,
    ...(input.imageFileId ? { imageFileId: input.imageFileId } : {}),
    ...(input.scheduledAt ? { scheduledAt: input.scheduledAt } : {}),
    ...(input.segment ? { segment: input.segment } : {}),
  });

const waitForStatus = (broadcastId: number, status: string, timeout = 15_000) =>
  expect
    .poll(async () => (await getBroadcast(h.db, broadcastId)).status, { timeout, interval: 100 })
    .toBe(status);

const stateOf = async (queue: QueueName, jobId: string) =>
  (await h.queues.queue(queue).getJob(jobId))?.getState() ?? 'gone';

/** Waits until the queue holds no job that could still run (so nothing more can be sent through it). */
const waitUntilSettled = (...queues: QueueName[]) =>
  expect
    .poll(
      async () => {
        let left = 0;
        for (const queue of queues) {
          const counts = await h.queues.queue(queue).getJobCounts('active', 'wait', 'prioritized', 'delayed');
          left += Object.values(counts).reduce((sum, n) => sum + n, 0);
        }
        return left;
      },
      { timeout: 15_000, interval: 50 },
    )
    .toBe(0);

beforeAll(async () => {
  h = await createWorkersHarness('broadcasts');
  const [staff] = await h.db
    .insert(staffUsers)
    .values({ email: 'owner@test.local', name: 'Owner', role: 'owner', passwordHash: 'x' })
    .returning();
  staffId = staff!.id;
});
afterAll(() => h.close());
beforeEach(async () => {
  h.tg.clear();
  h.tg.setBehaviour(undefined);
  h.tg.enforceRateLimit(undefined);
  // Each test starts from customers of its own: earlier tests' customers leave the segment.
  await h.db.update(channelIdentities).set({ unreachableAt: new Date() });
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const queue of h.queues.all()) await queue.drain(true);
});

describe('broadcasts', () => {
  it('sends to every opted-in customer once, skips and counts the opted-out, and completes', async () => {
    const people = await addTelegramCustomers(h.db, 40, { promoOptIn: (i) => i % 4 !== 0 });
    const optedOut = new Set(people.filter((_, i) => i % 4 === 0).map((p) => p.chatId));
    const { broadcasts } = await start();
    const bc = await campaign();
    await broadcasts.start(bc.id);
    await waitForStatus(bc.id, 'completed');
    expect(await recipientCounts(h.db, bc.id)).toMatchObject({
      total: 40,
      sent: 30,
      skipped: 10,
      pending: 0,
    });
    const sentTo = h.tg.allSent().map((m) => m.chatId);
    expect(sentTo).toHaveLength(30);
    expect(new Set(sentTo).size).toBe(30);
    expect(sentTo.filter((chat) => optedOut.has(chat))).toEqual([]);
    expect(h.tg.allSent()[0]!.text).toContain('Diskon 20%');
    expect(h.tg.allSent()[0]!.text).toContain('STOP');
  });

  it('uploads the campaign image once and sends the rest by file_id', async () => {
    await addTelegramCustomers(h.db, 12);
    const [file] = await h.db
      .insert(files)
      .values({
        sha256: 'y',
        mime: 'image/jpeg',
        size: 4,
        purpose: 'broadcast',
        data: Buffer.from([0xff, 0xd8, 0xff, 0xe1]),
      })
      .returning();
    const { broadcasts } = await start();
    const bc = await campaign({ imageFileId: file!.id });
    await broadcasts.start(bc.id);
    await waitForStatus(bc.id, 'completed');
    expect(h.tg.allSent()).toHaveLength(12);
    expect(h.tg.stats.uploads).toBe(1);
    expect(new Set(h.tg.allSent().map((m) => m.photoFileId)).size).toBe(1);
  });

  it('a customer who blocked the bot is recorded blocked, not retried, and the next campaign skips that chat', async () => {
    const blocked = await addCustomer(h.db);
    // The same person also uses the web chat, seen earlier than Telegram.
    await h.db.insert(channelIdentities).values({
      customerId: blocked.customer.id,
      channel: 'web',
      externalId: 'web-cookie-blocked',
      lastSeenAt: new Date(Date.now() - 86_400_000),
    });
    const others = await addTelegramCustomers(h.db, 5);
    h.tg.setBehaviour((method, params) =>
      method === 'sendMessage' && params.chat_id === blocked.externalId ? { status: 403 } : 'ok',
    );
    const { broadcasts } = await start();
    const first = await campaign();
    await broadcasts.start(first.id);
    await waitForStatus(first.id, 'completed');
    const [row] = await h.db
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.customerId, blocked.customer.id));
    expect(row!.status).toBe('blocked');
    expect(h.tg.calls.filter((c) => c.params.chat_id === blocked.externalId)).toHaveLength(1);
    expect(h.tg.allSent()).toHaveLength(others.length);

    const second = await campaign({ text: 'Promo kedua' });
    await broadcasts.start(second.id);
    await waitForStatus(second.id, 'completed');
    expect(h.tg.calls.filter((c) => c.params.chat_id === blocked.externalId)).toHaveLength(1);
    const web = await h.db.select().from(webMessages).where(eq(webMessages.thread, 'web:web-cookie-blocked'));
    expect(web).toHaveLength(1);
    expect(JSON.stringify(web[0]!.payload)).toContain('Promo kedua');
  });

  it('cancel stops the pending sends and counts them skipped', async () => {
    await addTelegramCustomers(h.db, 60);
    const { broadcasts } = await start(10);
    const bc = await campaign();
    await broadcasts.start(bc.id);
    await h.tg.waitFor(() => h.tg.allSent().length >= 5, 10_000);
    const { removedJobs } = await broadcasts.cancel(bc.id);
    const sentAtCancel = h.tg.allSent().length;
    await waitUntilSettled('broadcasts', 'outbound-telegram');
    const counts = await recipientCounts(h.db, bc.id);
    // Only messages already in hand at the cancel may still go out.
    expect(h.tg.allSent().length - sentAtCancel).toBeLessThanOrEqual(10);
    expect(h.tg.allSent().length).toBeLessThan(60);
    expect(removedJobs).toBeGreaterThan(0);
    expect(counts.pending).toBe(0);
    expect(counts.sent).toBe(h.tg.allSent().length);
    expect(counts.sent + counts.skipped).toBe(60);
    expect((await getBroadcast(h.db, bc.id)).status).toBe('cancelled');
  });

  it('a scheduled campaign does not start before its time', async () => {
    await addTelegramCustomers(h.db, 3);
    const { broadcasts } = await start();
    const scheduledAt = new Date(Date.now() + 2000);
    const bc = await campaign({ scheduledAt });
    const { runsAt, jobId } = await broadcasts.start(bc.id);
    expect(runsAt.getTime()).toBeGreaterThanOrEqual(scheduledAt.getTime() - 5);
    expect(await stateOf('broadcasts', jobId)).toBe('delayed');
    expect(h.tg.allSent()).toHaveLength(0);
    expect((await getBroadcast(h.db, bc.id)).status).toBe('scheduled');
    await waitForStatus(bc.id, 'completed');
    expect(h.tg.allSent()).toHaveLength(3);
    expect(Math.min(...h.tg.allSent().map((m) => m.time))).toBeGreaterThanOrEqual(scheduledAt.getTime());
  });

  it('a scheduled campaign cancelled before its time never starts', async () => {
    await addTelegramCustomers(h.db, 3);
    const { broadcasts } = await start();
    const bc = await campaign({ scheduledAt: new Date(Date.now() + 3_600_000) });
    const { jobId } = await broadcasts.start(bc.id);
    await broadcasts.cancel(bc.id);
    expect(await stateOf('broadcasts', jobId)).toBe('gone');
    // Its fan-out runs anyway, as a copy left in Redis would at the campaign's time: it starts nothing.
    await h.queues.enqueue('broadcast.fanout', { broadcastId: bc.id }, { jobId: `${jobId}-late` });
    await expect.poll(() => stateOf('broadcasts', `${jobId}-late`), { timeout: 10_000 }).toBe('completed');
    await waitUntilSettled('outbound-telegram');
    expect(h.tg.allSent()).toHaveLength(0);
    expect((await getBroadcast(h.db, bc.id)).status).toBe('cancelled');
    expect((await recipientCounts(h.db, bc.id)).total).toBe(0);
  });

  it('a recipient on a channel no process serves is skipped, and the campaign still completes', async () => {
    const people = await addTelegramCustomers(h.db, 2);
    const onWhatsapp = await addCustomer(h.db, { channel: 'whatsapp' });
    running = await createWorkers({
      db: h.db,
      queues: h.queues,
      log: h.log,
      timeZone: 'Asia/Jakarta',
      senders: [
        telegramRun({ db: h.db, token: h.tg.token, apiRoot: h.tg.apiRoot, ratePerSecond: 1000 }),
        webRun(h.db),
      ],
      care: false,
      servedChannels: ['web', 'telegram'],
    });
    const bc = await campaign();
    await running.broadcasts.start(bc.id);
    await waitForStatus(bc.id, 'completed');
    expect(h.tg.allSent()).toHaveLength(people.length);
    const [row] = await h.db
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.customerId, onWhatsapp.customer.id));
    expect(row).toMatchObject({ status: 'skipped', error: 'channel_unavailable' });
    expect(await h.queues.queue('outbound-whatsapp').getWaitingCount()).toBe(0);
  });

  it('a customer who says STOP after the fan-out is skipped, not messaged', async () => {
    const people = await addTelegramCustomers(h.db, 4);
    const bc = await campaign();
    // Fan out with no sender running, then opt one customer out before anything is sent.
    const fanout = await startFanoutOnly();
    await fanout.broadcasts.start(bc.id);
    await expect.poll(async () => (await recipientCounts(h.db, bc.id)).total, { timeout: 5000 }).toBe(4);
    await fanout.close();
    await h.db.update(customers).set({ promoOptIn: false }).where(eq(customers.id, people[0]!.customerId));
    await start();
    await waitForStatus(bc.id, 'completed');
    expect(h.tg.sentTo(people[0]!.chatId)).toHaveLength(0);
    expect(await recipientCounts(h.db, bc.id)).toMatchObject({ sent: 3, skipped: 1 });
  });

  it('a campaign whose last recipient says STOP after the fan-out completes without waiting for the sweep', async () => {
    const [only] = await addTelegramCustomers(h.db, 1);
    const bc = await campaign();
    const fanout = await startFanoutOnly();
    await fanout.broadcasts.start(bc.id);
    await expect.poll(async () => (await recipientCounts(h.db, bc.id)).total, { timeout: 5000 }).toBe(1);
    await fanout.close();
    await h.db.update(customers).set({ promoOptIn: false }).where(eq(customers.id, only!.customerId));
    // care: false, so nothing but the send path itself can complete the campaign.
    await start();
    await waitForStatus(bc.id, 'completed', 5000);
    expect(h.tg.sentTo(only!.chatId)).toHaveLength(0);
    expect(await recipientCounts(h.db, bc.id)).toMatchObject({ skipped: 1, pending: 0 });
  });

  it('running the fan-out twice queues and sends nobody twice', async () => {
    await addTelegramCustomers(h.db, 25);
    const bc = await campaign();
    const { broadcasts } = await start();
    await broadcasts.start(bc.id);
    await waitForStatus(bc.id, 'completed');
    // A second fan-out of the same campaign (as after a crash): its job id is new, its rows are not.
    await h.queues.enqueue('broadcast.fanout', { broadcastId: bc.id }, { jobId: `bc-fanout-${bc.id}-again` });
    await expect
      .poll(() => stateOf('broadcasts', `bc-fanout-${bc.id}-again`), { timeout: 10_000 })
      .toBe('completed');
    await waitUntilSettled('outbound-telegram', 'outbound-web');
    expect(h.tg.allSent()).toHaveLength(25);
    expect(new Set(h.tg.allSent().map((m) => m.chatId)).size).toBe(25);
  });
});
