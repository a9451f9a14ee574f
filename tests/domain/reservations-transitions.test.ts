import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { pointsLedger, type ReservationStatus } from '../../db/schema/index.ts';
import {
  cancelReservation,
  completeReservation,
  confirmReservation,
  expireReservation,
  markNoShow,
  rescheduleReservation,
  submitProof,
} from '../../src/reservations/index.ts';
import { updateSettings } from '../../src/settings/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { balanceOf, NOW, newCustomer, newHold, photo, portraitStudio, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let portrait: number;
let staffId: number;
let png: Buffer;
let slot = 0;

beforeAll(async () => {
  ({ database, db, portrait, staffId } = await portraitStudio());
  png = await photo();
  await updateSettings(db, { capacityPerSlot: 1, paymentDeadlineHours: 24, cancelCutoffHours: 24 });
});
afterAll(async () => {
  await database?.drop();
});

/** Mon–Sat in December 2026 after the tests' "now"; Sundays open at 10:00, so the 09:00 grid skips them. */
const openDays = ['02', '03', '04', '05', '07', '08', '09', '10', '11', '12'];

/** A booking brought to `status`, each on its own hourly slot 09–17. */
async function bookingIn(status: ReservationStatus, points = 0) {
  const day = openDays[Math.floor(slot / 9)]!;
  const startAt = wib(`2026-12-${day}`, `${String(9 + (slot++ % 9)).padStart(2, '0')}:00`);
  const { reservation, customerId } = await newHold(db, {
    productId: portrait,
    startAt,
    balance: points * 2,
    redeem: points,
  });
  const reservationId = reservation.id;
  if (status === 'awaiting_confirmation') await submitProof(db, { reservationId, data: png, now: NOW });
  if (status === 'confirmed' || status === 'completed' || status === 'no_show')
    await confirmReservation(db, { reservationId, staffId, now: NOW });
  if (status === 'completed') await completeReservation(db, { reservationId, staffId, now: startAt });
  if (status === 'no_show') await markNoShow(db, { reservationId, staffId, now: startAt });
  if (status === 'cancelled')
    await cancelReservation(db, { reservationId, by: 'staff', staffId, reason: 'uji', now: NOW });
  if (status === 'expired') await expireReservation(db, { reservationId, now: reservation.paymentDeadline! });
  return { reservationId, customerId, startAt };
}

const AFTER_ALL = wib('2026-12-31', '00:00');

const actions = {
  confirm: (reservationId: number) => confirmReservation(db, { reservationId, staffId, now: NOW }),
  // After every session of these tests: only the status decides.
  complete: (reservationId: number) => completeReservation(db, { reservationId, staffId, now: AFTER_ALL }),
  noShow: (reservationId: number) => markNoShow(db, { reservationId, staffId, now: AFTER_ALL }),
  cancel: (reservationId: number) =>
    cancelReservation(db, { reservationId, by: 'staff', staffId, reason: 'uji', now: NOW }),
  expire: (reservationId: number) =>
    expireReservation(db, { reservationId, now: wib('2026-12-30', '00:00') }),
  reschedule: (reservationId: number) =>
    rescheduleReservation(db, { reservationId, staffId, startAt: wib('2026-12-21', '09:00'), now: NOW }),
};

describe('the booking state machine refuses what cannot happen', () => {
  it.each([
    ['complete', 'pending_payment', 'INVALID_TRANSITION'],
    ['complete', 'awaiting_confirmation', 'INVALID_TRANSITION'],
    ['complete', 'cancelled', 'INVALID_TRANSITION'],
    ['complete', 'completed', 'ALREADY_DONE'],
    ['complete', 'no_show', 'INVALID_TRANSITION'],
    ['noShow', 'pending_payment', 'INVALID_TRANSITION'],
    ['noShow', 'awaiting_confirmation', 'INVALID_TRANSITION'],
    ['noShow', 'completed', 'INVALID_TRANSITION'],
    ['noShow', 'no_show', 'ALREADY_DONE'],
    ['cancel', 'no_show', 'INVALID_TRANSITION'],
    ['reschedule', 'no_show', 'INVALID_TRANSITION'],
    ['confirm', 'completed', 'INVALID_TRANSITION'],
    ['confirm', 'cancelled', 'INVALID_TRANSITION'],
    ['confirm', 'expired', 'INVALID_TRANSITION'],
    ['confirm', 'confirmed', 'ALREADY_DONE'],
    ['cancel', 'completed', 'INVALID_TRANSITION'],
    ['cancel', 'expired', 'INVALID_TRANSITION'],
    ['cancel', 'cancelled', 'ALREADY_DONE'],
    ['expire', 'awaiting_confirmation', 'INVALID_TRANSITION'],
    ['expire', 'confirmed', 'INVALID_TRANSITION'],
    ['expire', 'expired', 'ALREADY_DONE'],
    ['reschedule', 'completed', 'INVALID_TRANSITION'],
    ['reschedule', 'cancelled', 'INVALID_TRANSITION'],
  ] as const)('%s from %s: %s', async (action, status, code) => {
    const { reservationId } = await bookingIn(status);
    await expect(actions[action](reservationId)).rejects.toMatchObject({ code, details: { status } });
  });

  it('an unknown booking is RESERVATION_NOT_FOUND', async () => {
    await expect(actions.confirm(999_999)).rejects.toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
  });
});

describe('transitions', () => {
  it('confirm records who and when', async () => {
    const { reservationId } = await bookingIn('awaiting_confirmation');
    const row = await confirmReservation(db, { reservationId, staffId, now: NOW });
    expect(row).toMatchObject({ status: 'confirmed', confirmedById: staffId, confirmedAt: NOW });
  });

  it('complete credits the points for what was paid, once', async () => {
    const { reservationId, customerId, startAt } = await bookingIn('confirmed');
    const done = new Date(startAt.getTime() + 3_600_000);
    const { reservation, credit } = await completeReservation(db, { reservationId, staffId, now: done });
    expect(reservation).toMatchObject({ status: 'completed', completedById: staffId, completedAt: done });
    expect(reservation.pointsCreditedAt).not.toBeNull();
    expect(credit).toMatchObject({ credited: true, pointsEarned: 15 }); // Rp 150.000 / Rp 10.000
    expect(await balanceOf(db, customerId)).toBe(15);
  });

  it('a session is completed or marked no-show only once it has started', async () => {
    const { reservationId, customerId, startAt } = await bookingIn('confirmed');
    const justBefore = new Date(startAt.getTime() - 60_000);
    for (const mark of [completeReservation, markNoShow]) {
      await expect(mark(db, { reservationId, staffId, now: justBefore })).rejects.toMatchObject({
        code: 'SESSION_NOT_STARTED',
      });
    }
    expect(await balanceOf(db, customerId)).toBe(0);
    const row = await markNoShow(db, { reservationId, staffId, now: startAt });
    expect(row).toMatchObject({ status: 'no_show', noShowById: staffId, noShowAt: startAt });
    // No points for a session that did not happen.
    expect(row.pointsCreditedAt).toBeNull();
    expect(await balanceOf(db, customerId)).toBe(0);
  });

  it('staff cancel gives back the redeemed points and keeps the reason', async () => {
    const { reservationId, customerId } = await bookingIn('confirmed', 200);
    expect(await balanceOf(db, customerId)).toBe(200);
    const row = await cancelReservation(db, {
      reservationId,
      by: 'staff',
      staffId,
      reason: 'studio banjir',
      now: NOW,
    });
    expect(row).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'staff',
      cancelledById: staffId,
      cancelReason: 'studio banjir',
    });
    expect(await balanceOf(db, customerId)).toBe(400);
    const refunds = await db
      .select()
      .from(pointsLedger)
      .where(
        and(eq(pointsLedger.reservationId, reservationId), eq(pointsLedger.reason, 'redemption_refund')),
      );
    expect(refunds).toMatchObject([{ delta: 200 }]);
  });

  it('a customer may cancel an unpaid or waiting booking, and a confirmed one until the cut-off', async () => {
    for (const status of ['pending_payment', 'awaiting_confirmation', 'confirmed'] as const) {
      const { reservationId, customerId } = await bookingIn(status);
      const row = await cancelReservation(db, {
        reservationId,
        by: 'customer',
        customerId,
        reason: 'berhalangan',
        now: NOW,
      });
      expect(row).toMatchObject({ status: 'cancelled', cancelledBy: 'customer', cancelledById: null });
    }
    const { reservationId, customerId, startAt } = await bookingIn('confirmed');
    const within = new Date(startAt.getTime() - 24 * 3_600_000);
    await expect(
      cancelReservation(db, { reservationId, by: 'customer', customerId, reason: 'x', now: within }),
    ).rejects.toMatchObject({ code: 'RESERVATION_NOT_CANCELLABLE' });
    const justBefore = new Date(within.getTime() - 60_000);
    await expect(
      cancelReservation(db, { reservationId, by: 'customer', customerId, reason: 'x', now: justBefore }),
    ).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('a customer cannot cancel a completed booking or someone else’s', async () => {
    const done = await bookingIn('completed');
    await expect(
      cancelReservation(db, {
        reservationId: done.reservationId,
        by: 'customer',
        customerId: done.customerId,
        reason: 'x',
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'RESERVATION_NOT_CANCELLABLE' });
    const other = await bookingIn('pending_payment');
    const stranger = await newCustomer(db);
    await expect(
      cancelReservation(db, {
        reservationId: other.reservationId,
        by: 'customer',
        customerId: stranger,
        reason: 'x',
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
  });

  it('expire only takes an unpaid hold past its deadline, frees the slot and returns the points', async () => {
    const { reservationId, customerId, startAt } = await bookingIn('pending_payment', 100);
    const deadline = new Date(NOW.getTime() + 24 * 3_600_000);
    await expect(
      expireReservation(db, { reservationId, now: new Date(deadline.getTime() - 1) }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(newHold(db, { productId: portrait, startAt })).rejects.toMatchObject({ code: 'SLOT_FULL' });
    const row = await expireReservation(db, { reservationId, now: deadline });
    expect(row).toMatchObject({ status: 'expired', expiredAt: deadline });
    expect(await balanceOf(db, customerId)).toBe(200);
    await expect(newHold(db, { productId: portrait, startAt })).resolves.toBeDefined();
  });
});
