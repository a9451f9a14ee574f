import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminNotifier } from '../../admin-web/notifier.ts';
import { broadcastRecipients, broadcasts, reservations } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createBroadcast, getBroadcast, recipientCounts } from '../../src/broadcasts/index.ts';
import { listProducts } from '../../src/catalog/index.ts';
import { registerCustomer } from '../../src/customers/index.ts';
import { openComplaint } from '../../src/feedback/index.ts';
import { createOutbox } from '../../src/messaging/outbox.ts';
import { createReservation, submitProof } from '../../src/reservations/index.ts';
import { addDays, localDateOf, zonedTimeToInstant } from '../../src/time.ts';
import { createQueues, type Queues } from '../../workers/queues.ts';
import { createWorkers, type RunningWorkers } from '../../workers/workers.ts';
import { createHarness, jpeg, loggedIn } from '../admin/harness.ts';
import { createTelegramEmulator, type TelegramEmulator } from '../fakes/telegram-api.ts';
import { testNow } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase, uniqueQueuePrefix } from '../helpers/db.ts';
import { type ThrowawayRedis, throwawayRedis } from '../helpers/redis-server.ts';
import { telegramRun, webRun } from '../helpers/senders.ts';
import { addTelegramCustomers } from './harness.ts';

/**
 * Redis lost, stopped, flushed or shared with another database: Postgres holds every message owed,
 * so each one still arrives, once (apart from those in flight at a kill). Each test runs its own
 * throwaway redis-server on a spare port, which it kills and starts again empty.
 */

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const TZ = 'Asia/Jakarta';

let tg: TelegramEmulator;
let redis: ThrowawayRedis;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  tg = createTelegramEmulator();
  await tg.start();
});
afterAll(async () => {
  await tg.stop();
  await redis?.stop();
});
/** Stops (ms) a step of the clean-up may take before the next one runs anyway. */
const CLEANUP_MS = 15_000;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await Promise.race([
      cleanup().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, CLEANUP_MS).unref()),
    ]);
  }
  tg.clear();
}, 90_000);

async function world(options: { database?: TestDatabase; prefix?: string; care?: { everyMs: number } } = {}) {
  redis ??= await throwawayRedis();
  const database = options.database ?? (await createTestDatabase());
  if (!options.database) cleanups.push(() => database.drop());
  const queues: Queues = createQueues({
    redisUrl: redis.url,
    prefix: options.prefix ?? uniqueQueuePrefix('loss'),
  });
  cleanups.push(() => queues.close());
  const workers: RunningWorkers = await createWorkers({
    db: database.db,
    queues,
    log,
    timeZone: TZ,
    senders: [
      telegramRun({
        db: database.db,
        token: tg.token,
        apiRoot: tg.apiRoot,
        ratePerSecond: 1000,
        concurrency: 20,
      }),
      webRun(database.db),
    ],
    care: options.care ?? false,
    relay: { pollMs: 50 },
    // Short, so a test sees within seconds what production does within half a minute.
    reconcile: { everyMs: 1_000, staleMs: 500 },
    lockDurationMs: 2_000,
    stalledIntervalMs: 1_000,
  });
  cleanups.push(() => workers.close());
  return { database, db: database.db, queues, workers };
}

let chatCounter = 7_100_000;
async function telegramCustomer(db: TestDatabase['db'], name: string) {
  chatCounter += 1;
  const chatId = String(chatCounter);
  const { customer } = await registerCustomer(db, {
    channel: 'telegram',
    externalId: chatId,
    name,
    phone: `+62812${chatCounter}`,
  });
  return { customer, chatId };
}

describe('Redis lost in the middle of the work', () => {
  it('replaced by an empty Redis mid-broadcast: every opted-in recipient is reached, the campaign ends "completed" without a restart', async () => {
    const { db, workers } = await world();
    const people = await addTelegramCustomers(db, 2_000);
    const [staff] = await db.execute<{ id: number }>(
      `insert into staff_users (email, name, role, password_hash) values ('bc@loss.test', 'BC', 'admin', 'x') returning id`,
    );
    const bc = await createBroadcast(db, { title: 'Promo', text: 'Diskon akhir tahun!', staffId: staff!.id });
    await workers.broadcasts.start(bc.id);
    await tg.waitFor(() => tg.allSent().length >= 600, 60_000);
    await redis.stop();
    await redis.start();

    await expect
      .poll(async () => (await getBroadcast(db, bc.id)).status, { timeout: 90_000, interval: 250 })
      .toBe('completed');
    const sentTo = new Map<string, number>();
    for (const message of tg.allSent())
      sentTo.set(String(message.chatId), (sentTo.get(String(message.chatId)) ?? 0) + 1);
    // Everyone once; only the sends in flight when Redis died may have gone twice.
    expect(people.filter((person) => !sentTo.has(person.chatId))).toEqual([]);
    const twice = [...sentTo.values()].filter((count) => count > 1).length;
    expect(twice).toBeLessThanOrEqual(40);
    expect(await recipientCounts(db, bc.id)).toMatchObject({ sent: 2_000, pending: 0 });
    const [campaign] = await db.select().from(broadcasts).where(eq(broadcasts.id, bc.id));
    expect(campaign!.resumedAt).not.toBeNull();
    const pending = await db
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.status, 'pending'));
    expect(pending).toHaveLength(0);
  }, 180_000);

  it('Redis stopped: staff confirm three bookings and answer a complaint at once; all four messages arrive once when Redis is back', async () => {
    let workers: RunningWorkers | undefined;
    const h = await createHarness({
      seed: true,
      notifier: () => adminNotifier({ notifierOn: (tx) => workers!.notifierOn(tx) }),
    });
    cleanups.push(() => h.close());
    ({ workers } = await world({ database: h.database }));
    const db = h.database.db;
    const rina = await loggedIn(h.app, 'rina@studio.test', '10.0.9.3');
    const [product] = (await listProducts(db, { kind: 'package' })).filter((p) => p.durationMinutes <= 60);
    const day = addDays(localDateOf(testNow(), TZ), 5);
    const bookings = [];
    for (const [index, time] of ['09:00', '11:00', '13:00'].entries()) {
      const person = await telegramCustomer(db, `Pelanggan ${index}`);
      const { reservation } = await createReservation(db, {
        customerId: person.customer.id,
        productId: product!.id,
        startAt: zonedTimeToInstant(day, time, TZ),
        channel: 'telegram',
        now: testNow(),
        timeZone: TZ,
      });
      await submitProof(db, {
        reservationId: reservation.id,
        customerId: person.customer.id,
        data: await jpeg(),
        now: testNow(),
      });
      bookings.push({ ...person, reservation });
    }
    const asker = await telegramCustomer(db, 'Penanya');
    const complaint = await openComplaint(db, {
      customerId: asker.customer.id,
      subject: 'Foto',
      body: 'Kapan fotonya jadi?',
    });
    await rina.page('/admin/reservations');

    await redis.stop();
    const answered: number[] = [];
    for (const { reservation } of bookings) {
      const started = performance.now();
      const response = await rina.post(`/admin/reservations/${reservation.id}/confirm`, {});
      answered.push(performance.now() - started);
      expect(response.status).toBe(303);
    }
    await rina.page(`/admin/complaints/${complaint.id}`);
    const reply = await rina.post(`/admin/complaints/${complaint.id}/reply`, {
      body: 'Hari Jumat sudah jadi, Kak.',
    });
    expect(reply.status).toBe(303);
    // Every action answered while Redis was still down: none of them waited for it.
    for (const { reservation } of bookings) {
      const [row] = await db.select().from(reservations).where(eq(reservations.id, reservation.id));
      expect(row!.status).toBe('confirmed');
    }
    const detail = await rina.page(`/admin/reservations/${bookings[0]!.reservation.id}`);
    expect(detail.html).toContain('Menunggu antrean');
    expect(tg.allSent()).toHaveLength(0);

    await redis.start();
    for (const person of [...bookings, asker]) {
      await tg.waitFor(() => tg.sentTo(person.chatId).length >= 1, 60_000);
    }
    for (const { chatId, reservation } of bookings) {
      expect(tg.sentTo(chatId)).toHaveLength(1);
      expect(tg.sentTo(chatId)[0]!.text).toContain(reservation.code);
    }
    expect(tg.sentTo(asker.chatId)).toHaveLength(1);
    expect(tg.sentTo(asker.chatId)[0]!.text).toContain('Hari Jumat sudah jadi, Kak.');
    log.info({ answeredMs: answered }, 'admin answers while Redis was down');
  }, 120_000);

  it('a fresh database on an old Redis prefix: its messages are sent, not taken for the old ones', async () => {
    const prefix = uniqueQueuePrefix('shared-prefix');
    const first = await world({ prefix });
    const a = await telegramCustomer(first.db, 'Lama');
    await createOutbox({ db: first.db }).send(
      a.customer.id,
      { type: 'text', text: 'Dari database lama' },
      { dedupeKey: 'confirm:1' },
    );
    await tg.waitFor(() => tg.sentTo(a.chatId).length === 1, 20_000);
    // The old database's workers stop; its finished jobs stay in Redis under the same prefix.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();

    const second = await world({ prefix });
    const b = await telegramCustomer(second.db, 'Baru');
    // Same table ids and the same event key as the old database's message.
    await createOutbox({ db: second.db }).send(
      b.customer.id,
      { type: 'text', text: 'Dari database baru' },
      { dedupeKey: 'confirm:1' },
    );
    await tg.waitFor(() => tg.sentTo(b.chatId).length === 1, 20_000);
    expect(tg.sentTo(b.chatId)[0]!.text).toBe('Dari database baru');
  }, 60_000);

  it('schedules come back after Redis is flushed, without a restart: an unpaid hold still expires', async () => {
    const { db } = await world({ care: { everyMs: 500 } });
    await seedDemoStudio(db);
    await redis.flush();
    const person = await telegramCustomer(db, 'Telat Bayar');
    const [product] = await listProducts(db, { kind: 'package' });
    const realNow = new Date();
    // A hold made two days ago for a session later this week: its payment deadline has passed.
    const madeAt = new Date(realNow.getTime() - 2 * 86_400_000);
    const { reservation } = await createReservation(db, {
      customerId: person.customer.id,
      productId: product!.id,
      startAt: zonedTimeToInstant(addDays(localDateOf(realNow, TZ), 3), '10:00', TZ),
      channel: 'telegram',
      now: madeAt,
      timeZone: TZ,
    });
    expect(reservation.paymentDeadline!.getTime()).toBeLessThan(realNow.getTime());
    await expect
      .poll(
        async () =>
          (await db.select().from(reservations).where(eq(reservations.id, reservation.id)))[0]!.status,
        {
          timeout: 20_000,
          interval: 250,
        },
      )
      .toBe('expired');
    await tg.waitFor(() => tg.sentTo(person.chatId).length === 1, 20_000);
  }, 60_000);
});
