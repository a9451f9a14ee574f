import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileChannelRefs, files } from '../../db/schema/index.ts';
import { createOutbox, eventKey, type Outbox } from '../../src/messaging/outbox.ts';
import { createOutboxRelay, type OutboxRelay } from '../../workers/outbox/relay.ts';
import { clearOutbox, outboxRows } from '../helpers/outbox.ts';
import { telegramPacing } from '../../workers/limits.ts';
import { startOutboundWorker } from '../../workers/outbound.ts';
import { createTelegramSender } from '../../bots/telegram/sender.ts';
import type { StartedWorker } from '../../workers/worker-kit.ts';
import { addCustomer, createWorkersHarness, identityOf, type WorkersHarness } from './harness.ts';

let h: WorkersHarness;
let outbox: Outbox;
let worker: StartedWorker | undefined;
let relay: OutboxRelay | undefined;

/** The Telegram sender on its queue, and the relay that hands it the outbox's rows. */
const startTelegram = (perSecond = 1000) => {
  relay = createOutboxRelay({ db: h.db, queues: h.queues, log: h.log, pollMs: 20 });
  return startTelegramWorkerOnly(perSecond);
};

/** The sender alone, for a test that starts its own relay. */
const startTelegramWorkerOnly = (perSecond = 1000) => {
  worker = startOutboundWorker({
    db: h.db,
    redisUrl: h.redisUrl,
    prefix: h.prefix,
    log: h.log,
    sender: createTelegramSender({ db: h.db, token: h.tg.token, apiRoot: h.tg.apiRoot }),
    ...telegramPacing(perSecond),
    concurrency: 10,
  });
  return worker;
};

beforeAll(async () => {
  h = await createWorkersHarness('outbound-tg');
  outbox = createOutbox({ db: h.db });
});
afterAll(() => h.close());
beforeEach(() => {
  h.tg.clear();
  h.tg.setBehaviour(undefined);
  h.tg.enforceRateLimit(undefined);
});
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await worker?.close();
  worker = undefined;
  await h.queues.queue('outbound-telegram').drain(true);
  await clearOutbox(h.db);
});

describe('outbound Telegram worker', () => {
  it('delivers a text with its buttons', async () => {
    const { customer, externalId } = await addCustomer(h.db);
    startTelegram();
    await outbox.send(customer.id, {
      type: 'text',
      text: 'Reservasi Anda dikonfirmasi.',
      choices: [[{ id: 'menu', label: 'Menu' }]],
    });
    const [message] = await h.tg.waitFor(
      () => h.tg.sentTo(externalId).length === 1 && h.tg.sentTo(externalId),
    );
    expect(message!.text).toBe('Reservasi Anda dikonfirmasi.');
    expect(message!.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Menu', callback_data: 'menu' }]] });
  });

  it('never exceeds the configured rate in any sliding second', async () => {
    const chats = await Promise.all(Array.from({ length: 60 }, () => addCustomer(h.db)));
    h.tg.enforceRateLimit(25);
    startTelegram(20);
    for (const chat of chats) await outbox.send(chat.customer.id, { type: 'text', text: 'Promo' });
    await h.tg.waitFor(() => h.tg.allSent().length === 60, 15_000);
    const times = h.tg.calls.filter((c) => c.method === 'sendMessage' && c.status === 200).map((c) => c.time);
    const busiest = Math.max(
      ...times.map((start) => times.filter((t) => t >= start && t < start + 1000).length),
    );
    // 20/s configured, spaced 50 ms apart; HTTP jitter may squeeze a send or two into a second.
    expect(busiest).toBeLessThanOrEqual(23);
    expect(h.tg.stats.rateLimited).toBe(0);
  });

  it('retries a 500 and delivers once', async () => {
    const { customer, externalId } = await addCustomer(h.db);
    let failures = 1;
    h.tg.setBehaviour((method) => (method === 'sendMessage' && failures-- > 0 ? { status: 500 } : 'ok'));
    // Backoff starts at 2 s in production; here the job's own options are kept, so wait for it.
    startTelegram();
    await outbox.send(customer.id, { type: 'text', text: 'Coba lagi' });
    await h.tg.waitFor(() => h.tg.sentTo(externalId).length === 1, 10_000);
    expect(h.tg.calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([500, 200]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.tg.sentTo(externalId)).toHaveLength(1);
  });

  it('retries after a dropped connection and delivers once', async () => {
    const { customer, externalId } = await addCustomer(h.db);
    let drops = 1;
    h.tg.setBehaviour((method) => (method === 'sendMessage' && drops-- > 0 ? { status: 'hangup' } : 'ok'));
    startTelegram();
    await outbox.send(customer.id, { type: 'text', text: 'Jaringan putus' });
    await h.tg.waitFor(() => h.tg.sentTo(externalId).length === 1, 10_000);
    expect(h.tg.calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([0, 200]);
  });

  it('waits retry_after after a 429 before sending again', async () => {
    const { customer, externalId } = await addCustomer(h.db);
    let limited = true;
    h.tg.setBehaviour((method) => {
      if (method === 'sendMessage' && limited) {
        limited = false;
        return { status: 429, retryAfter: 2 };
      }
      return 'ok';
    });
    startTelegram();
    await outbox.send(customer.id, { type: 'text', text: 'Sabar ya' });
    await h.tg.waitFor(() => h.tg.sentTo(externalId).length === 1, 10_000);
    const attempts = h.tg.calls.filter((c) => c.method === 'sendMessage');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.time - attempts[0]!.time).toBeGreaterThanOrEqual(2000);
  });

  it('marks a customer who blocked the bot unreachable and does not retry', async () => {
    const { customer, externalId } = await addCustomer(h.db);
    h.tg.setBehaviour((method, params) =>
      method === 'sendMessage' && params.chat_id === externalId ? { status: 403 } : 'ok',
    );
    startTelegram();
    const queued = await outbox.send(customer.id, { type: 'text', text: 'Halo' });
    expect(queued.queued).toBe(true);
    const queue = h.queues.queue('outbound-telegram');
    await h.tg.waitFor(() => h.tg.calls.some((c) => c.status === 403));
    await expect.poll(async () => (await queue.getFailedCount()) > 0, { timeout: 5000 }).toBe(true);
    const [identity] = await identityOf(h.db, customer.id);
    expect(identity!.unreachableAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.tg.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
    // With no other chat, the outbox now has nowhere to send.
    expect(await outbox.send(customer.id, { type: 'text', text: 'Halo lagi' })).toEqual({
      queued: false,
      reason: 'no_reachable_channel',
    });
  });

  it('uploads an image once and reuses its file_id', async () => {
    const [file] = await h.db
      .insert(files)
      .values({
        sha256: 'x',
        mime: 'image/jpeg',
        size: 4,
        purpose: 'broadcast',
        data: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      })
      .returning();
    const chats = await Promise.all(Array.from({ length: 6 }, () => addCustomer(h.db)));
    startTelegram();
    for (const chat of chats) {
      await outbox.send(chat.customer.id, { type: 'photo', fileId: file!.id, caption: 'Promo akhir tahun' });
    }
    await h.tg.waitFor(() => h.tg.allSent().length === 6, 10_000);
    expect(h.tg.stats.uploads).toBe(1);
    const [ref] = await h.db.select().from(fileChannelRefs);
    expect(new Set(h.tg.allSent().map((m) => m.photoFileId))).toEqual(new Set([ref!.ref]));
  });

  it('an event sends its message once however often it is written', async () => {
    const { customer, externalId } = await addCustomer(h.db);
    for (let i = 0; i < 3; i += 1) {
      await outbox.send(
        customer.id,
        { type: 'text', text: 'Konfirmasi' },
        { dedupeKey: eventKey('confirm', customer.id) },
      );
    }
    startTelegram();
    await h.tg.waitFor(() => h.tg.sentTo(externalId).length === 1);
    const again = await outbox.send(
      customer.id,
      { type: 'text', text: 'Konfirmasi' },
      { dedupeKey: eventKey('confirm', customer.id) },
    );
    // Nothing new written, so nothing for the relay to hand over.
    expect(again).toMatchObject({ queued: true, outboxId: undefined });
    expect(await outboxRows(h.db, { externalId })).toHaveLength(1);
    expect(h.tg.sentTo(externalId)).toHaveLength(1);
  });

  it('records the sent message on its row with the platform’s message id', async () => {
    const { customer, externalId } = await addCustomer(h.db);
    startTelegram();
    await outbox.send(customer.id, { type: 'text', text: 'Tercatat' });
    await h.tg.waitFor(() => h.tg.sentTo(externalId).length === 1);
    await expect.poll(async () => (await outboxRows(h.db, { externalId }))[0]?.state).toBe('sent');
    const [row] = await outboxRows(h.db, { externalId });
    expect(row!.platformMessageId).toMatch(/^\d+$/);
    expect(row!.sentAt).not.toBeNull();
    expect(row!.attempts).toBe(1);
  });

  it('bad input ends as a row with its reason, never pending: a chat gone, a text too long, a channel nobody serves', async () => {
    const gone = await addCustomer(h.db);
    h.tg.setBehaviour((method, params) =>
      method === 'sendMessage' && params.chat_id === gone.externalId
        ? { status: 400, description: 'Bad Request: chat not found' }
        : 'ok',
    );
    const long = await addCustomer(h.db);
    relay = createOutboxRelay({
      db: h.db,
      queues: h.queues,
      log: h.log,
      pollMs: 20,
      servedChannels: ['telegram', 'web'],
    });
    startTelegramWorkerOnly();
    await outbox.send(gone.customer.id, { type: 'text', text: 'Halo' });
    await outbox.send(long.customer.id, { type: 'text', text: 'x'.repeat(50_000) });
    await outbox.sendToThread('whatsapp', '6281200000099@c.us', { type: 'text', text: 'Halo' });
    await expect
      .poll(async () => (await outboxRows(h.db)).map((row) => row.state).sort(), { timeout: 10_000 })
      .toEqual(['blocked', 'failed', 'failed']);
    const rows = await outboxRows(h.db);
    expect(rows.find((row) => row.externalId === gone.externalId)!.error).toContain('chat not found');
    expect(rows.find((row) => row.externalId === long.externalId)!.error).toContain('too long for telegram');
    expect(rows.find((row) => row.channel === 'whatsapp')!.error).toContain('no process sends on whatsapp');
    expect(h.tg.sentTo(long.externalId)).toHaveLength(0);
  });
});
