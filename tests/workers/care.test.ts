import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneVerifications, reservationItems, reservations, staffUsers } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createBroadcast, markBroadcastRunning } from '../../src/broadcasts/index.ts';
import { startPhoneVerification } from '../../src/customers/index.ts';
import { notifierOn } from '../../src/messaging/notifications.ts';
import {
  completeReservation,
  confirmReservation,
  createReservation,
  submitProof,
} from '../../src/reservations/index.ts';
import { type CareDeps, runCareSweep } from '../../workers/care.ts';
import type { CareSweep } from '../../workers/queues.ts';
import { productId, wib } from '../domain/reservations-fixtures.ts';
import { outboxRows } from '../helpers/outbox.ts';
import { addCustomer, createWorkersHarness, type WorkersHarness } from './harness.ts';

/** Tuesday 1 December 2026, 08:00 WIB. */
const NOW = wib('2026-12-01', '08:00');
const HOUR = 3_600_000;

let h: WorkersHarness;
let deps: CareDeps;
let portrait: number;
let staffId: number;
let nextHour = 9;

beforeAll(async () => {
  h = await createWorkersHarness('care');
  await seedDemoStudio(h.db);
  portrait = await productId(h.db, 'STD-01');
  const [staff] = await h.db
    .insert(staffUsers)
    .values({ email: 'staf@care.local', name: 'Staf', role: 'staff', passwordHash: 'x' })
    .returning();
  staffId = staff!.id;
  deps = {
    db: h.db,
    queues: h.queues,
    notifierOn: notifierOn({ timeZone: 'Asia/Jakarta' }),
    log: h.log,
    timeZone: 'Asia/Jakarta',
  };
});
afterAll(() => h.close());

/** A hold for a Telegram customer on 2 December, each in its own hour. */
async function hold(locale: 'id' | 'en' = 'id') {
  const person = await addCustomer(h.db, { locale, name: 'Dewi' });
  const startAt = wib('2026-12-02', `${String(nextHour++).padStart(2, '0')}:00`);
  const { reservation } = await createReservation(h.db, {
    customerId: person.customer.id,
    productId: portrait,
    startAt,
    now: NOW,
  });
  return { ...person, reservation };
}

/** Messages written for one chat (no relay runs in this file: the outbox is what the customer would get). */
async function queuedFor(externalId: string) {
  return (await outboxRows(h.db, { channel: 'telegram', externalId })).map((row) => ({
    key: row.dedupeKey,
    data: { message: row.message as { text: string; choices: { id: string }[][] } },
  }));
}

const twice = async (sweep: CareSweep, now: Date) => [
  await runCareSweep(deps, sweep, now),
  await runCareSweep(deps, sweep, now),
];

const proofImage = () =>
  sharp({ create: { width: 20, height: 20, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();

describe('scheduled care, each sweep run twice acts once', () => {
  it('expires an unpaid hold past its deadline and tells the customer once', async () => {
    const { reservation, externalId } = await hold();
    const [first, second] = await twice('expireHolds', new Date(NOW.getTime() + 25 * HOUR));
    expect(first).toBeGreaterThanOrEqual(1);
    expect(second).toBe(0);
    const [row] = await h.db.select().from(reservations).where(eq(reservations.id, reservation.id));
    expect(row!.status).toBe('expired');
    const jobs = await queuedFor(externalId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.key).toBe(`expire:${reservation.id}`);
    expect(jobs[0]!.data.message.text).toContain(reservation.code);
  });

  it('a hold whose message cannot be written stays a hold, and expires with its message on the next run', async () => {
    const { reservation, externalId } = await hold();
    const after = new Date(reservation.paymentDeadline!.getTime() + 60_000);
    const broken: CareDeps = {
      ...deps,
      notifierOn: (db) => ({
        ...deps.notifierOn(db),
        notifyExpired: async () => {
          throw new Error('outbox unavailable');
        },
      }),
    };
    await expect(runCareSweep(broken, 'expireHolds', after)).rejects.toThrow('outbox unavailable');
    const [kept] = await h.db.select().from(reservations).where(eq(reservations.id, reservation.id));
    expect(kept!.status).toBe('pending_payment');
    expect(await queuedFor(externalId)).toHaveLength(0);

    expect(await runCareSweep(deps, 'expireHolds', after)).toBeGreaterThanOrEqual(1);
    const [expired] = await h.db.select().from(reservations).where(eq(reservations.id, reservation.id));
    expect(expired!.status).toBe('expired');
    expect(await queuedFor(externalId)).toHaveLength(1);
  });

  it('reminds a confirmed customer the day before, after the reminder time, once', async () => {
    const { reservation, externalId } = await hold('en');
    await confirmReservation(h.db, { reservationId: reservation.id, staffId, now: NOW });
    // 08:30 WIB is before the demo studio's 09:00 reminder time: nothing yet.
    expect(await runCareSweep(deps, 'reminders', wib('2026-12-01', '08:30'))).toBe(0);
    const [first, second] = await twice('reminders', wib('2026-12-01', '09:30'));
    expect(first).toBeGreaterThanOrEqual(1);
    expect(second).toBe(0);
    const jobs = await queuedFor(externalId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data.message.text).toContain('tomorrow');
    expect(jobs[0]!.data.message.text).toContain(reservation.code);
    // Its button opens the booking in the chat (the conversation's "my:r:<id>" from any step).
    expect(jobs[0]!.data.message.choices).toEqual([
      [{ id: `my:r:${reservation.id}`, label: '📋 View booking' }],
    ]);
  });

  it('asks for a rating with star buttons some hours after the session is completed, once', async () => {
    const { reservation, externalId } = await hold();
    await confirmReservation(h.db, { reservationId: reservation.id, staffId, now: NOW });
    const completedAt = new Date(reservation.startAt.getTime() + HOUR);
    await completeReservation(h.db, { reservationId: reservation.id, staffId, now: completedAt });
    expect(await runCareSweep(deps, 'ratings', new Date(completedAt.getTime() + HOUR))).toBe(0);
    const [first, second] = await twice('ratings', new Date(completedAt.getTime() + 4 * HOUR));
    expect(first).toBeGreaterThanOrEqual(1);
    expect(second).toBe(0);
    const [item] = await h.db
      .select()
      .from(reservationItems)
      .where(eq(reservationItems.reservationId, reservation.id));
    const jobs = (await queuedFor(externalId)).filter((job) => job.key === `rate:${reservation.id}`);
    expect(jobs).toHaveLength(1);
    const ids = jobs[0]!.data.message.choices.flat().map((choice: { id: string }) => choice.id);
    expect(ids).toContain(`rate:${item!.id}:5`);
    expect(ids).toContain(`rate:${item!.id}:1`);
  });

  it('credits points for a completion that missed them, once, and tells the customer', async () => {
    const { reservation, externalId } = await hold();
    await confirmReservation(h.db, { reservationId: reservation.id, staffId, now: NOW });
    // Completed outside completeReservation: no points yet.
    await h.db
      .update(reservations)
      .set({ status: 'completed', completedAt: NOW })
      .where(eq(reservations.id, reservation.id));
    const [first, second] = await twice('completions', NOW);
    expect(first).toBe(1);
    expect(second).toBe(0);
    const jobs = (await queuedFor(externalId)).filter((job) => job.key === `points:${reservation.id}`);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data.message.text).toMatch(/\+\d+ poin/);
  });

  it('flags a payment proof left waiting too long, once', async () => {
    const { reservation } = await hold();
    await submitProof(h.db, { reservationId: reservation.id, data: await proofImage(), now: NOW });
    const later = new Date(NOW.getTime() + 5 * HOUR);
    const [first, second] = await twice('staleProofs', later);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(second).toBe(0);
    const [row] = await h.db.select().from(reservations).where(eq(reservations.id, reservation.id));
    expect(row!.proofAlertedAt).not.toBeNull();
  });

  it('resumes a running campaign whose fan-out job is gone', async () => {
    const campaign = await createBroadcast(h.db, { title: 'Terputus', text: 'Promo', staffId });
    // Running, but its fan-out job never made it (or failed for good): the sweep queues it again, once.
    await markBroadcastRunning(h.db, campaign.id, NOW);
    await twice('broadcasts', NOW);
    const fanouts = await h.queues
      .queue('broadcasts')
      .getJobs(['waiting', 'prioritized', 'delayed', 'active']);
    expect(fanouts.filter((job) => job.data.broadcastId === campaign.id)).toHaveLength(1);
  });

  it('starts a due scheduled campaign once', async () => {
    const campaign = await createBroadcast(h.db, {
      title: 'Terjadwal',
      text: 'Promo',
      staffId,
      scheduledAt: new Date(NOW.getTime() - 60_000),
    });
    await twice('broadcasts', NOW);
    const fanouts = await h.queues
      .queue('broadcasts')
      .getJobs(['waiting', 'prioritized', 'delayed', 'active']);
    expect(fanouts.filter((job) => job.data.broadcastId === campaign.id)).toHaveLength(1);
  });

  it('deletes phone codes a day past their end, once, and keeps the ones still in reach', async () => {
    // One customer per code: asking for a code already clears that customer's day-old codes.
    const ask = async (externalId: string, sentAt: Date, checkedBy: 'chat' | 'staff' = 'chat') => {
      const { customer } = await addCustomer(h.db, { name: 'Nomor Lama' });
      await startPhoneVerification(h.db, {
        channel: 'web',
        externalId,
        customerId: customer.id,
        phone: '+6281299990001',
        now: sentAt,
        checkedBy,
      });
    };
    await ask('web-stale', new Date(NOW.getTime() - 3 * 24 * HOUR));
    // A code for staff lives 24 hours: sent 40 hours ago, it ended 16 hours ago and is kept a while.
    await ask('web-staff', new Date(NOW.getTime() - 40 * HOUR), 'staff');
    await ask('web-fresh', new Date(NOW.getTime() - 2 * HOUR));
    expect(await twice('phoneCodes', NOW)).toEqual([1, 0]);
    const left = await h.db.select({ externalId: phoneVerifications.externalId }).from(phoneVerifications);
    expect(left.map((r) => r.externalId).sort()).toEqual(['web-fresh', 'web-staff']);
  });
});
