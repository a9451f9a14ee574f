import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelIdentities, customers, staffUsers, webMessages } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { touchIdentity } from '../../src/customers/index.ts';
import { openComplaint, replyToComplaint } from '../../src/feedback/index.ts';
import { recordPoints } from '../../src/loyalty/ledger.ts';
import { createNotifier, type Notifier } from '../../src/messaging/notifications.ts';
import { createOutbox, type Outbox } from '../../src/messaging/outbox.ts';
import { parseRatingButtonId } from '../../src/messaging/chat-actions.ts';
import { ratingChoices } from '../../src/messaging/rating.ts';
import { createReservation, rescheduleReservation } from '../../src/reservations/index.ts';
import { createQueueDashboard } from '../../workers/dashboard.ts';
import { startOutboundWorker } from '../../workers/outbound.ts';
import { createWebSender } from '../../bots/web/sender.ts';
import { createOutboxRelay } from '../../workers/outbox/relay.ts';
import { clearOutbox, outboxRows } from '../helpers/outbox.ts';
import { runTurn } from '../../bots/conversation/index.ts';
import { testRuntime, textOf } from '../conversation/driver.ts';
import { newStaff, productId, wib } from '../domain/reservations-fixtures.ts';
import { addCustomer, createWorkersHarness, type WorkersHarness } from './harness.ts';

let h: WorkersHarness;
let outbox: Outbox;
let notifier: Notifier;

beforeAll(async () => {
  h = await createWorkersHarness('outbox');
  await seedDemoStudio(h.db);
  outbox = createOutbox({ db: h.db });
  notifier = createNotifier({ db: h.db, outbox, timeZone: 'Asia/Jakarta' });
});
afterAll(() => h.close());
beforeEach(() => clearOutbox(h.db));

const written = (channel: 'telegram' | 'whatsapp' | 'web') => outboxRows(h.db, { channel });

/** The one message written for this customer's chat, wherever it went. */
async function queuedMessage(externalId: string): Promise<{ text: string; choices?: { id: string }[][] }> {
  const mine = await outboxRows(h.db, { externalId });
  expect(mine).toHaveLength(1);
  return mine[0]!.message as { text: string; choices?: { id: string }[][] };
}
const queuedText = async (externalId: string) => (await queuedMessage(externalId)).text;
const buttonIds = (message: { choices?: { id: string }[][] }) =>
  (message.choices ?? []).flat().map((c) => c.id);

/** The customer taps a button of a studio message in their Telegram chat: what the conversation answers. */
async function tap(externalId: string, id: string) {
  const turn = await runTurn(testRuntime(h.db), {
    channel: 'telegram',
    externalId,
    input: { type: 'choice', id },
  });
  return { step: turn.session.step, said: turn.replies.map(textOf).join('\n') };
}

describe('outbox', () => {
  it("queues to the customer's most recently seen reachable chat", async () => {
    const { customer, externalId: chatId } = await addCustomer(h.db);
    await h.db
      .update(channelIdentities)
      .set({ lastSeenAt: new Date(0) })
      .where(eq(channelIdentities.externalId, chatId));
    await h.db.insert(channelIdentities).values([
      { customerId: customer.id, channel: 'web', externalId: 'cookie-1', lastSeenAt: new Date(60_000) },
      {
        customerId: customer.id,
        channel: 'whatsapp',
        externalId: '6281200000001@c.us',
        lastSeenAt: new Date(0),
      },
    ]);
    expect(await outbox.send(customer.id, { type: 'text', text: 'satu' })).toMatchObject({
      queued: true,
      channel: 'web',
      externalId: 'cookie-1',
    });
    expect(await written('web')).toHaveLength(1);

    await touchIdentity(h.db, 'whatsapp', '6281200000001@c.us');
    expect(await outbox.send(customer.id, { type: 'text', text: 'dua' })).toMatchObject({
      channel: 'whatsapp',
    });
    expect((await written('whatsapp'))[0]).toMatchObject({
      externalId: '6281200000001@c.us',
      customerId: customer.id,
    });

    // WhatsApp blocked us: the next message goes to the most recent chat still reachable.
    await h.db
      .update(channelIdentities)
      .set({ unreachableAt: new Date() })
      .where(eq(channelIdentities.externalId, '6281200000001@c.us'));
    await touchIdentity(h.db, 'telegram', chatId);
    expect(await outbox.send(customer.id, { type: 'text', text: 'tiga' })).toMatchObject({
      channel: 'telegram',
      externalId: chatId,
    });
  });

  it('passes over a chat on a channel no process serves', async () => {
    const { customer, externalId } = await addCustomer(h.db);
    await h.db.insert(channelIdentities).values({
      customerId: customer.id,
      channel: 'whatsapp',
      externalId: '6281200000002@c.us',
      lastSeenAt: new Date(Date.now() + 60_000),
    });
    const served = createOutbox({ db: h.db, channels: ['web', 'telegram'] });
    expect(await served.send(customer.id, { type: 'text', text: 'halo' })).toMatchObject({
      channel: 'telegram',
      externalId,
    });
    const none = createOutbox({ db: h.db, channels: ['web'] });
    expect(await none.send(customer.id, { type: 'text', text: 'halo' })).toEqual({
      queued: false,
      reason: 'no_reachable_channel',
    });
  });

  it('says so when a customer has no chat to write to, and refuses a malformed message before queueing', async () => {
    const [lonely] = await h.db
      .insert(customers)
      .values({ name: 'Tanpa Chat', referralCode: 'LONELY1' })
      .returning();
    expect(await outbox.send(lonely!.id, { type: 'text', text: 'halo' })).toEqual({
      queued: false,
      reason: 'no_reachable_channel',
    });
    const { customer } = await addCustomer(h.db);
    await expect(outbox.send(customer.id, { type: 'text', text: '' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const tooLong = [[{ id: 'x'.repeat(65), label: 'Terlalu panjang' }]];
    await expect(
      outbox.send(customer.id, { type: 'text', text: 'halo', choices: tooLong }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await written('telegram')).toHaveLength(0);
  });

  it('sendToThread writes to a known chat, and the web sender stores it for the /chat page', async () => {
    await outbox.sendToThread('web', 'cookie-thread', {
      type: 'text',
      text: 'Balasan staf',
      choices: [[{ id: 'menu', label: 'Menu' }]],
    });
    const relay = createOutboxRelay({ db: h.db, queues: h.queues, log: h.log, pollMs: 50 });
    const worker = startOutboundWorker({
      db: h.db,
      redisUrl: h.redisUrl,
      prefix: h.prefix,
      log: h.log,
      sender: createWebSender({ db: h.db }),
      limiter: { max: 100, duration: 1000 },
    });
    try {
      await expect
        .poll(
          async () =>
            (await h.db.select().from(webMessages).where(eq(webMessages.thread, 'web:cookie-thread'))).length,
          { timeout: 5000 },
        )
        .toBe(1);
      const [row] = await h.db.select().from(webMessages).where(eq(webMessages.thread, 'web:cookie-thread'));
      expect(row!.direction).toBe('out');
      expect(row!.payload).toEqual({
        type: 'text',
        text: 'Balasan staf',
        choices: [[{ id: 'menu', label: 'Menu' }]],
      });
      // The row says what became of it.
      await expect
        .poll(async () => (await outboxRows(h.db, { externalId: 'cookie-thread' }))[0]?.state)
        .toBe('sent');
    } finally {
      await relay.close();
      await worker.close();
    }
  });
});

describe('notifier', () => {
  let hour = 10;
  const booking = async (locale: 'id' | 'en', pointsToRedeem = 0) => {
    const person = await addCustomer(h.db, { locale, name: 'Rina Wulandari' });
    if (pointsToRedeem)
      await recordPoints(h.db, {
        customerId: person.customer.id,
        delta: 1000,
        reason: 'manual',
        note: 'test',
      });
    const { reservation } = await createReservation(h.db, {
      customerId: person.customer.id,
      productId: await productId(h.db, 'STD-01'),
      startAt: wib('2026-12-03', `${hour++}:00`),
      now: wib('2026-12-01', '08:00'),
      ...(pointsToRedeem ? { pointsToRedeem } : {}),
    });
    return { ...person, reservation };
  };

  it('a confirmation carries the receipt: code, items, total, date and time in WIB, address and map link', async () => {
    const { reservation, externalId } = await booking('id');
    expect(await notifier.notifyConfirmed(reservation.id)).toMatchObject({ queued: true });
    const text = await queuedText(externalId);
    expect(text).toContain(reservation.code);
    expect(text).toContain('Kamis, 3 Desember 2026');
    expect(text).toMatch(/1\d\.00–1\d\.\d\d WIB/);
    expect(text).toMatch(/Total: Rp \d{1,3}(\.\d{3})+/);
    expect(text).toContain('Jl. Merdeka No. 21');
    expect(text).toContain('https://maps.google.com/');
    // Twice for the same confirmation: still one message.
    await notifier.notifyConfirmed(reservation.id);
    await queuedText(externalId);
  });

  it("the confirmation's button opens that booking in the chat", async () => {
    const { reservation, externalId } = await booking('id');
    await notifier.notifyConfirmed(reservation.id);
    const message = await queuedMessage(externalId);
    expect(buttonIds(message)).toContain(`my:r:${reservation.id}`);
    const detail = await tap(externalId, `my:r:${reservation.id}`);
    expect(detail.step).toBe('my.detail');
    expect(detail.said).toContain(reservation.code);
  });

  it("speaks the customer's language", async () => {
    const { reservation, externalId } = await booking('en');
    await notifier.notifyConfirmed(reservation.id);
    const text = await queuedText(externalId);
    expect(text).toContain('is confirmed');
    expect(text).toContain('Thursday, 3 December 2026');
  });

  it('a cancellation gives the reason and says redeemed points came back', async () => {
    const { reservation, externalId } = await booking('id', 100);
    await notifier.notifyCancelled(reservation.id, 'Studio tutup karena listrik padam');
    const text = await queuedText(externalId);
    expect(text).toContain('Studio tutup karena listrik padam');
    expect(text).toContain(reservation.code);
    expect(text).toContain('100 poin');
  });

  it('a staff reply to a complaint reaches the customer with a way to answer', async () => {
    const { customer, externalId } = await addCustomer(h.db, { name: 'Budi' });
    const [staff] = await h.db
      .insert(staffUsers)
      .values({ email: 'cs@test.local', name: 'CS', role: 'staff', passwordHash: 'x' })
      .returning();
    const complaint = await openComplaint(h.db, {
      customerId: customer.id,
      subject: 'Foto belum dikirim',
      body: 'Sudah seminggu',
    });
    const { message } = await replyToComplaint(h.db, {
      complaintId: complaint.id,
      staffId: staff!.id,
      body: 'Maaf, kami kirim hari ini.',
    });
    await notifier.notifyComplaintReply(complaint.id, message.body, { messageId: message.id });
    await notifier.notifyComplaintReply(complaint.id, message.body, { messageId: message.id });
    const rows = await outboxRows(h.db, { externalId });
    expect(rows).toHaveLength(1);
    const sent = rows[0]!.message as { text: string; choices?: { id: string }[][] };
    expect(sent.text).toContain(complaint.code);
    expect(sent.text).toContain('Maaf, kami kirim hari ini.');
    expect(buttonIds(sent)).toContain(`kel:t:${complaint.id}`);
    // The complaint's history knows its message.
    expect(rows[0]!.complaintId).toBe(complaint.id);
    // "Balas" opens this complaint's reply box directly, not the complaints menu.
    const reply = await tap(externalId, `kel:t:${complaint.id}`);
    expect(reply.step).toBe('kel.reply');
    expect(reply.said).toContain(complaint.code);
  });

  it('a moved session reaches the customer with its new date and time in WIB, once per move', async () => {
    const { reservation, externalId } = await booking('id');
    const staffId = await newStaff(h.db);
    const move = (time: string) =>
      rescheduleReservation(h.db, {
        reservationId: reservation.id,
        startAt: wib('2026-12-05', time),
        staffId,
        now: wib('2026-12-01', '09:00'),
        timeZone: 'Asia/Jakarta',
      });
    await move('15:00');
    await notifier.notifyRescheduled(reservation.id);
    // A double click on the admin's button: still one message.
    await notifier.notifyRescheduled(reservation.id);
    const message = await queuedMessage(externalId);
    expect(message.text).toContain(`jadwal sesi foto ${reservation.code} sudah kami pindah`);
    expect(message.text).toContain('Sabtu, 5 Desember 2026, pukul 15.00 WIB');
    expect(message.text).not.toContain('Kamis, 3 Desember');
    expect(buttonIds(message)).toContain(`my:r:${reservation.id}`);

    // Moved again: the customer hears about the newer time too.
    await move('16:00');
    await notifier.notifyRescheduled(reservation.id);
    const texts = (await outboxRows(h.db, { externalId })).map(
      (row) => (row.message as { text: string }).text,
    );
    expect(texts).toHaveLength(2);
    expect(texts.some((text) => text.includes('pukul 16.00 WIB'))).toBe(true);
  });

  it('tells an English-speaking customer their session moved, in English', async () => {
    const { reservation, externalId } = await booking('en');
    await rescheduleReservation(h.db, {
      reservationId: reservation.id,
      startAt: wib('2026-12-04', '11:00'),
      staffId: await newStaff(h.db),
      now: wib('2026-12-01', '09:00'),
      timeZone: 'Asia/Jakarta',
    });
    await notifier.notifyRescheduled(reservation.id);
    expect(await queuedText(externalId)).toContain(
      `your photo session ${reservation.code} has been moved to Friday, 4 December 2026 at 11:00 WIB`,
    );
  });

  it('tells a referrer about their referral points', async () => {
    const referrer = await addCustomer(h.db, { name: 'Siti' });
    const friend = await addCustomer(h.db, { name: 'Agus Salim' });
    await recordPoints(h.db, {
      customerId: referrer.customer.id,
      delta: 50,
      reason: 'referral',
      referredCustomerId: friend.customer.id,
    });
    await notifier.notifyReferralCredited(friend.customer.id);
    const text = await queuedText(referrer.externalId);
    expect(text).toContain('Agus');
    expect(text).toContain('+50 poin');
  });

  it('rating choices round-trip through the id the conversation reads', () => {
    const ids = ratingChoices(42)
      .flat()
      .map((choice) => choice.id);
    expect(ids.sort()).toEqual(['rate:42:1', 'rate:42:2', 'rate:42:3', 'rate:42:4', 'rate:42:5']);
    expect(parseRatingButtonId('rate:42:4')).toEqual({ reservationItemId: 42, stars: 4 });
    expect(parseRatingButtonId('rate:42:6')).toBeUndefined();
  });
});

describe('queue dashboard', () => {
  it('serves bull-board with every queue under its base path', async () => {
    const app = new Hono().route(
      '/admin/queues',
      createQueueDashboard(h.queues, { basePath: '/admin/queues' }),
    );
    const page = await app.request('/admin/queues');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/admin/queues');
    const api = await app.request('/admin/queues/api/queues');
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names.sort()).toEqual([
      'broadcasts',
      'care',
      'outbound-telegram',
      'outbound-web',
      'outbound-whatsapp',
    ]);
  });

  it("is titled with the admin menu's Indonesian name and links back to the admin", async () => {
    const app = new Hono().route(
      '/admin/queues',
      createQueueDashboard(h.queues, { basePath: '/admin/queues' }),
    );
    const html = await (await app.request('/admin/queues')).text();
    expect(html).toContain('<title>Antrean Sistem</title>');
    expect(html).toContain('"miscLinks":[{"text":"Dasbor","url":"/admin"}]');
  });
});
