import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { reservations } from '../../db/schema/index.ts';
import {
  claimDueRatingRequests,
  claimDueReminders,
  claimStaleProofs,
  completeReservation,
  confirmReservation,
  creditMissedCompletions,
  expireOverdueHolds,
  getReservation,
  submitProof,
} from '../../src/reservations/index.ts';
import { updateSettings } from '../../src/settings/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { balanceOf, NOW, newHold, photo, portraitStudio, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let portrait: number;
let staffId: number;
let png: Buffer;
const HOUR = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

beforeAll(async () => {
  ({ database, db, portrait, staffId } = await portraitStudio());
  png = await photo();
  await updateSettings(db, {
    capacityPerSlot: 20,
    paymentDeadlineHours: 24,
    reminderTime: '09:00',
    ratingDelayHours: 3,
    proofAlertHours: 4,
  });
});
afterAll(async () => {
  await database?.drop();
});

async function book(date: string, time: string, points = 0) {
  const startAt = wib(date, time);
  const { reservation, customerId } = await newHold(db, {
    productId: portrait,
    startAt,
    balance: points,
    redeem: points,
  });
  return { id: reservation.id, customerId };
}

const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id).sort();

describe('sweeps act once', () => {
  it('expire unpaid holds past their deadline, returning their points', async () => {
    const overdue = await book('2026-12-05', '10:00', 100);
    const paid = await book('2026-12-05', '11:00');
    await submitProof(db, { reservationId: paid.id, data: png, now: at(1) });
    const later = await book('2026-12-05', '12:00');
    await db
      .update(reservations)
      .set({ paymentDeadline: at(48) })
      .where(eq(reservations.id, later.id));
    expect(await expireOverdueHolds(db, at(23))).toEqual([]);
    const runs = await Promise.all([expireOverdueHolds(db, at(24)), expireOverdueHolds(db, at(24))]);
    expect(ids(runs.flat())).toEqual([overdue.id]);
    expect(await expireOverdueHolds(db, at(25))).toEqual([]);
    expect(await balanceOf(db, overdue.customerId)).toBe(100);
    expect(await getReservation(db, paid.id)).toMatchObject({ status: 'awaiting_confirmation' });
    expect(await getReservation(db, later.id)).toMatchObject({ status: 'pending_payment' });
    await confirmReservation(db, { reservationId: paid.id, staffId, now: at(2) });
  });

  it('claim tomorrow’s confirmed sessions for a reminder once the studio’s clock reaches reminderTime', async () => {
    const tomorrow = await book('2026-12-02', '17:00');
    const unpaid = await book('2026-12-02', '10:00');
    const dayAfter = await book('2026-12-03', '09:00');
    const today = await book('2026-12-01', '16:00');
    for (const { id } of [tomorrow, dayAfter, today])
      await confirmReservation(db, { reservationId: id, staffId, now: NOW });
    expect(await claimDueReminders(db, wib('2026-12-01', '08:59'))).toEqual([]);
    expect(ids(await claimDueReminders(db, wib('2026-12-01', '09:00')))).toEqual([tomorrow.id]);
    expect(await claimDueReminders(db, wib('2026-12-01', '09:05'))).toEqual([]);
    expect((await getReservation(db, unpaid.id))?.reminderSentAt).toBeNull();
    // Confirmed after the morning run: still reminded by the next one.
    const late = await book('2026-12-02', '15:00');
    await confirmReservation(db, { reservationId: late.id, staffId, now: wib('2026-12-01', '19:00') });
    expect(ids(await claimDueReminders(db, wib('2026-12-01', '19:05')))).toEqual([late.id]);
  });

  it('claim rating requests ratingDelayHours after completion', async () => {
    const done = await book('2026-12-01', '09:00');
    await confirmReservation(db, { reservationId: done.id, staffId, now: NOW });
    await completeReservation(db, { reservationId: done.id, staffId, now: at(2) });
    expect(await claimDueRatingRequests(db, at(4.9))).toEqual([]);
    expect(ids(await claimDueRatingRequests(db, at(5)))).toEqual([done.id]);
    expect(await claimDueRatingRequests(db, at(6))).toEqual([]);
  });

  it('claim proofs waiting longer than proofAlertHours', async () => {
    const waiting = await book('2026-12-04', '10:00');
    await submitProof(db, { reservationId: waiting.id, data: png, now: at(10) });
    await submitProof(db, { reservationId: waiting.id, data: png, now: at(13) });
    expect(await claimStaleProofs(db, at(13.9))).toEqual([]);
    expect(ids(await claimStaleProofs(db, at(14)))).toEqual([waiting.id]);
    expect(await claimStaleProofs(db, at(20))).toEqual([]);
  });

  it('credit completions that missed their points', async () => {
    const missed = await book('2026-12-04', '11:00');
    // Completed behind the domain's back (say, by an import): no points yet.
    await db
      .update(reservations)
      .set({ status: 'completed', completedAt: NOW })
      .where(eq(reservations.id, missed.id));
    const credited = await creditMissedCompletions(db);
    expect(credited.map((r) => r.id)).toContain(missed.id);
    expect(await balanceOf(db, missed.customerId)).toBe(15);
    expect(await creditMissedCompletions(db)).toEqual([]);
    expect(await balanceOf(db, missed.customerId)).toBe(15);
  });
});
