import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWhatsApp, type RunningWhatsApp } from '../../bots/whatsapp/index.ts';
import { createWhatsAppSender } from '../../bots/whatsapp/sender.ts';
import { channelIdentities, products, reservationItems, staffUsers } from '../../db/schema/index.ts';
import { registerCustomer, setPromoOptIn } from '../../src/customers/index.ts';
import { DeliveryRejectedError } from '../../src/messaging/delivery.ts';
import { createOutbox } from '../../src/messaging/outbox.ts';
import { ratingChoices } from '../../src/messaging/rating.ts';
import { availableSlots, completeReservation, confirmReservation, createReservation } from '../../src/reservations/index.ts';
import { createQueues, type Queues } from '../../workers/queues.ts';
import { whatsappPacing } from '../../workers/limits.ts';
import { startOutboundWorker } from '../../workers/outbound.ts';
import { createOutboxRelay, type OutboxRelay } from '../../workers/outbox/relay.ts';
import { FakeWhatsAppClient } from '../fakes/whatsapp-client.ts';
import { uniqueQueuePrefix } from '../helpers/db.ts';
import { testServices } from '../helpers/services.ts';
import { createWhatsAppHarness, FIXED_NOW, silentLog, type WhatsAppHarness, waChat } from './harness.ts';

/**
 * The outbound-whatsapp worker as main.ts starts it (startWhatsApp), on the real Redis and Postgres,
 * over the fake Client. Each test gets its own queue prefix, so the limiter of one does not hold another.
 */

let h: WhatsAppHarness;
beforeAll(async () => {
  h = await createWhatsAppHarness();
});
afterAll(() => h.close());

let running:
  | { whatsapp: RunningWhatsApp; queues: Queues; client: FakeWhatsAppClient; relay: OutboxRelay }
  | undefined;
afterEach(async () => {
  if (!running) return;
  await running.relay.close();
  await running.whatsapp.stop();
  for (const queue of running.queues.all()) await queue.obliterate({ force: true }).catch(() => undefined);
  await running.queues.close();
  running = undefined;
});

/** `gapSeconds`: the configured spacing between two sends (WHATSAPP_MIN_GAP_SECONDS). */
async function startSender(options: { gapSeconds: number; ready?: boolean }) {
  const prefix = uniqueQueuePrefix('whatsapp');
  const queues = createQueues({ redisUrl: testServices.redisUrl, prefix });
  const client = new FakeWhatsAppClient();
  const whatsapp = startWhatsApp({
    config: {
      whatsapp: { enabled: true, chromiumPath: '/usr/bin/chromium', ratePerHour: 1_000_000, minGapSeconds: options.gapSeconds },
      dataDir: '/tmp/potret-whatsapp-test',
      timeZone: 'Asia/Jakarta',
      locale: 'id',
      http: { publicUrl: undefined },
    },
    db: h.db,
    log: silentLog,
    queue: { redisUrl: testServices.redisUrl, prefix },
    // As main runs it: the workers' outbound worker with WhatsApp's pacing, in this process.
    runSender: (sender) =>
      startOutboundWorker({
        redisUrl: testServices.redisUrl,
        prefix,
        log: silentLog,
        db: h.db,
        sender,
        ...whatsappPacing({ ratePerHour: 1_000_000, minGapSeconds: options.gapSeconds }),
        concurrency: 1,
      }),
    createClient: () => client,
    connection: { printQr: () => {} },
    notReadyWaitMs: 200,
  });
  await vi.waitFor(() => expect(client.initializeCalls).toBe(1));
  if (options.ready ?? true) client.emitReady();
  const relay = createOutboxRelay({ db: h.db, queues, log: silentLog, pollMs: 20 });
  running = { whatsapp, queues, client, relay };
  return { outbox: createOutbox({ db: h.db }), client, queues };
}

let phoneCounter = 0;
async function whatsappCustomer(name: string) {
  phoneCounter += 1;
  const digits = `62812770040${String(phoneCounter).padStart(2, '0')}`;
  const { customer } = await registerCustomer(h.db, {
    channel: 'whatsapp',
    externalId: `${digits}@c.us`,
    name,
    phone: `+${digits}`,
  });
  return { customer, chatId: `${digits}@c.us`, digits };
}

describe('outbound WhatsApp messages', () => {
  it('delivers a rating request as a numbered list in counting order, and "5" means five stars', async () => {
    const { outbox, client } = await startSender({ gapSeconds: 0.05 });
    const { customer, digits, chatId } = await whatsappCustomer('Nina');
    const [product] = await h.db.select().from(products).where(eq(products.name, 'Foto Studio Personal'));
    const [slot] = await availableSlots(h.db, { productId: product!.id, date: '2026-12-04', now: FIXED_NOW });
    const { reservation } = await createReservation(h.db, {
      customerId: customer.id,
      productId: product!.id,
      startAt: slot!.startAt,
      now: FIXED_NOW,
    });
    const [staff] = await h.db
      .insert(staffUsers)
      .values({ email: 'kasir@potret.test', name: 'Kasir', role: 'staff', passwordHash: 'x' })
      .returning();
    await confirmReservation(h.db, { reservationId: reservation.id, staffId: staff!.id });
    await completeReservation(h.db, { reservationId: reservation.id, staffId: staff!.id, now: reservation.endAt });
    const [item] = await h.db.select().from(reservationItems).where(eq(reservationItems.reservationId, reservation.id));

    await outbox.send(
      customer.id,
      { type: 'text', text: 'Bagaimana sesi foto Anda kemarin?', choices: ratingChoices(item!.id) },
      { kind: 'rating' },
    );
    await vi.waitFor(() => expect(client.textsTo(chatId)).toHaveLength(1), { timeout: 10_000 });
    const text = client.textsTo(chatId)[0]!;
    expect(text).toContain('Bagaimana sesi foto Anda kemarin?');
    expect(text).toContain('1. 1 ⭐\n2. 2 ⭐⭐\n3. 3 ⭐⭐⭐\n4. 4 ⭐⭐⭐⭐\n5. 5 ⭐⭐⭐⭐⭐');

    // The customer answers on the studio's WhatsApp (the harness's adapter, same database).
    const chat = waChat(h, digits);
    await chat.say('5');
    expect(chat.said).toContain('Terima kasih atas rating ⭐⭐⭐⭐⭐');
  });

  it('sends a campaign image as a photo with its caption', async () => {
    const { outbox, client } = await startSender({ gapSeconds: 0.05 });
    const { customer, chatId } = await whatsappCustomer('Vina');
    const [product] = await h.db.select().from(products).where(eq(products.name, 'Wisuda Personal'));
    await outbox.send(
      customer.id,
      { type: 'photo', fileId: product!.photoFileId!, caption: 'Promo wisuda: hemat Rp 50.000 minggu ini!' },
      { kind: 'notification' },
    );
    await vi.waitFor(() => expect(client.sent.filter((m) => m.chatId === chatId)).toHaveLength(1), { timeout: 10_000 });
    const [sent] = client.sent.filter((m) => m.chatId === chatId);
    expect(sent?.text).toBe('Promo wisuda: hemat Rp 50.000 minggu ini!');
    expect(sent?.options?.caption).toBe(sent?.text);
    expect(sent?.media?.mimetype).toMatch(/^image\//);
  });

  it('a campaign photo deleted before its turn in the queue still delivers its caption', async () => {
    const { outbox, client } = await startSender({ gapSeconds: 0.05 });
    const { customer, chatId } = await whatsappCustomer('Wulan');
    const deletedFileId = 2_000_000_000;
    await outbox.send(customer.id, { type: 'photo', fileId: deletedFileId, caption: 'Promo akhir tahun: diskon 20%!' }, { kind: 'notification' });
    await vi.waitFor(() => expect(client.textsTo(chatId)).toEqual(['Promo akhir tahun: diskon 20%!']), { timeout: 10_000 });
    expect(client.sent.find((m) => m.chatId === chatId)?.media).toBeUndefined();
  });

  it('keeps the configured gap: a second message waits while the first has gone', async () => {
    const { outbox, client, queues } = await startSender({ gapSeconds: 3_600 });
    const { customer, chatId } = await whatsappCustomer('Oki');
    await outbox.send(customer.id, { type: 'text', text: 'Pesan pertama' });
    await outbox.send(customer.id, { type: 'text', text: 'Pesan kedua' });
    await vi.waitFor(() => expect(client.textsTo(chatId)).toEqual(['Pesan pertama']), { timeout: 10_000 });
    // The second is in the queue, and the queue is held for the gap (an hour, less the time since).
    const queue = queues.queue('outbound-whatsapp');
    await vi.waitFor(
      async () => {
        const waiting = await queue.getJobCounts('wait', 'prioritized');
        expect((waiting.wait ?? 0) + (waiting.prioritized ?? 0)).toBe(1);
      },
      { timeout: 10_000 },
    );
    expect(await queue.getRateLimitTtl()).toBeGreaterThan(3_500_000);
    expect(client.textsTo(chatId)).toEqual(['Pesan pertama']);
  });

  it('holds messages while WhatsApp is not connected and sends them once it is', async () => {
    const { outbox, client, queues } = await startSender({ gapSeconds: 0.05, ready: false });
    const { customer, chatId } = await whatsappCustomer('Putri');
    await outbox.send(customer.id, { type: 'text', text: 'Reservasi Anda terkonfirmasi' });
    // The worker took the message, found WhatsApp not connected and put it back in the queue.
    const queue = queues.queue('outbound-whatsapp');
    await vi.waitFor(
      async () => {
        const [job] = await queue.getJobs(['wait', 'prioritized']);
        expect(job?.processedOn).toBeDefined();
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(client.textsTo(chatId)).toEqual([]);
    client.emitReady();
    await vi.waitFor(() => expect(client.textsTo(chatId)).toEqual(['Reservasi Anda terkonfirmasi']), { timeout: 10_000 });
  });

  it('a number without WhatsApp marks the chat unreachable and is not retried', async () => {
    const { outbox, client } = await startSender({ gapSeconds: 0.05 });
    const { customer, chatId, digits } = await whatsappCustomer('Rudi');
    client.markUnregistered(digits);
    await outbox.send(customer.id, { type: 'text', text: 'Halo' });
    await vi.waitFor(
      async () => {
        const [identity] = await h.db
          .select()
          .from(channelIdentities)
          .where(and(eq(channelIdentities.channel, 'whatsapp'), eq(channelIdentities.externalId, chatId)));
        expect(identity?.unreachableAt).not.toBeNull();
      },
      { timeout: 10_000 },
    );
    expect(client.textsTo(chatId)).toEqual([]);
  });
});

/** The sender alone over a ready fake client, without the queue around it. */
function bareSender() {
  const client = new FakeWhatsAppClient();
  client.emitReady();
  const connection = {
    isReady: () => true,
    sendMessage: async (chatId: string, content: Parameters<FakeWhatsAppClient['sendMessage']>[1]) => {
      await client.sendMessage(chatId, content);
    },
    getNumberId: (number: string) => client.getNumberId(number),
  };
  return { client, sender: createWhatsAppSender({ db: h.db, connection, log: silentLog, defaultLocale: 'id' }) };
}

describe('the sender on its own', () => {
  it('a failure inside WhatsApp Web is passed on as retryable (not blocked, not refused), and the retry goes', async () => {
    const { client, sender } = bareSender();
    const { customer, chatId } = await whatsappCustomer('Tari');
    client.failNextSend(new Error('Evaluation failed: TypeError: Cannot read properties of undefined'));
    const failure = await sender
      .deliver({ externalId: chatId, customerId: customer.id }, { type: 'text', text: 'Pengingat sesi besok' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(DeliveryRejectedError);
    expect((failure as Error).name).toBe('Error');
    await sender.deliver({ externalId: chatId, customerId: customer.id }, { type: 'text', text: 'Pengingat sesi besok' });
    expect(client.textsTo(chatId)).toEqual(['Pengingat sesi besok']);
  });
});

describe('promotions', () => {
  it('a promotion to a customer who said STOP is refused at send time; a notification still goes', async () => {
    const { client, sender } = bareSender();
    const { customer, chatId } = await whatsappCustomer('Sinta');
    await setPromoOptIn(h.db, customer.id, false);
    await expect(
      sender.deliver({ externalId: chatId, customerId: customer.id, kind: 'broadcast' }, { type: 'text', text: 'Diskon 20%!' }),
    ).rejects.toBeInstanceOf(DeliveryRejectedError);
    await sender.deliver({ externalId: chatId, customerId: customer.id, kind: 'notification' }, { type: 'text', text: 'Jadwal besok 10.00' });
    expect(client.textsTo(chatId)).toEqual(['Jadwal besok 10.00']);
  });
});
