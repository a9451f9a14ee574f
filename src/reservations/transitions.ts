import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { type CompletionCredit, creditLockedCompletion } from '../loyalty/completion.ts';
import { recordPoints } from '../loyalty/ledger.ts';
import { getSettings } from '../settings/settings.ts';
import { parseInput } from '../validation.ts';
import { assertTransition, assertTransitionAt, lockReservation } from './state.ts';
import type { Reservation } from './types.ts';

const id = z.number().int().positive();
const staffInput = z.object({ reservationId: id, staffId: id, now: z.date().optional() });
export type StaffTransitionInput = z.input<typeof staffInput>;

/** Payment checked: the hold becomes a confirmed session. Two staff at once: one wins, the other gets ALREADY_DONE. */
export async function confirmReservation(db: DbOrTx, input: StaffTransitionInput): Promise<Reservation> {
  const { reservationId, staffId, now = new Date() } = parseInput(staffInput, input);
  return db.transaction(async (tx) => {
    assertTransition(await lockReservation(tx, reservationId), 'confirm');
    return update(tx, reservationId, { status: 'confirmed', confirmedAt: now, confirmedById: staffId });
  });
}

const cancelInput = z.object({
  reservationId: id,
  by: z.enum(['customer', 'staff', 'system']),
  staffId: id.optional(),
  customerId: id.optional(),
  reason: z.string().trim().min(1).max(500),
  now: z.date().optional(),
});
export type CancelReservationInput = z.input<typeof cancelInput>;

/**
 * Cancels and gives back redeemed points (once). A customer may cancel only their own booking, while it
 * is unpaid or awaiting confirmation, or confirmed and more than cancelCutoffHours before the start
 * (RESERVATION_NOT_CANCELLABLE); staff and the system may cancel any active booking.
 */
export async function cancelReservation(db: DbOrTx, input: CancelReservationInput): Promise<Reservation> {
  const { reservationId, by, staffId, customerId, reason, now = new Date() } = parseInput(cancelInput, input);
  return db.transaction(async (tx) => {
    const current = await lockReservation(tx, reservationId);
    if (by === 'customer') await assertCustomerMayCancel(tx, current, customerId, now);
    assertTransition(current, 'cancel');
    const row = await update(tx, reservationId, {
      status: 'cancelled',
      cancelledAt: now,
      cancelledBy: by,
      cancelledById: by === 'staff' ? (staffId ?? null) : null,
      cancelReason: reason,
    });
    await refundRedeemed(tx, row);
    return row;
  });
}

async function assertCustomerMayCancel(
  tx: DbOrTx,
  reservation: Reservation,
  customerId: number | undefined,
  now: Date,
): Promise<void> {
  // Someone else's booking reads as unknown, so codes cannot be probed.
  if (customerId === undefined || reservation.customerId !== customerId) {
    throw new AppError('RESERVATION_NOT_FOUND', `reservation ${reservation.id}`);
  }
  if (reservation.status === 'cancelled') return; // assertTransition answers ALREADY_DONE
  const { cancelCutoffHours } = await getSettings(tx);
  const hoursLeft = (reservation.startAt.getTime() - now.getTime()) / 3_600_000;
  const allowed =
    reservation.status === 'pending_payment' ||
    reservation.status === 'awaiting_confirmation' ||
    (reservation.status === 'confirmed' && hoursLeft > cancelCutoffHours);
  if (!allowed) {
    throw new AppError(
      'RESERVATION_NOT_CANCELLABLE',
      `${reservation.status}, ${hoursLeft.toFixed(1)} h before start`,
      {
        details: { status: reservation.status, cancelCutoffHours },
      },
    );
  }
}

export interface CompletedReservation {
  reservation: Reservation;
  credit: CompletionCredit;
}

/**
 * The session took place: points, membership and the referrer's credit follow in the same transaction.
 * The row is read once, locked; the updates' RETURNING carries it on from there.
 */
export async function completeReservation(
  db: DbOrTx,
  input: StaffTransitionInput,
): Promise<CompletedReservation> {
  const { reservationId, staffId, now = new Date() } = parseInput(staffInput, input);
  return db.transaction(async (tx) => {
    assertTransitionAt(await lockReservation(tx, reservationId), 'complete', now);
    const completed = await update(tx, reservationId, {
      status: 'completed',
      completedAt: now,
      completedById: staffId,
    });
    return creditLockedCompletion(tx, completed);
  });
}

/**
 * The customer did not come to a confirmed session (only once its start time has passed:
 * SESSION_NOT_STARTED). No points and no rating request follow; redeemed points stay spent, as the
 * slot was held for them. Reports count no-shows apart from completed sessions.
 */
export async function markNoShow(db: DbOrTx, input: StaffTransitionInput): Promise<Reservation> {
  const { reservationId, staffId, now = new Date() } = parseInput(staffInput, input);
  return db.transaction(async (tx) => {
    assertTransitionAt(await lockReservation(tx, reservationId), 'noShow', now);
    return update(tx, reservationId, { status: 'no_show', noShowAt: now, noShowById: staffId });
  });
}

const expireInput = z.object({ reservationId: id, now: z.date() });

/** An unpaid hold past its deadline frees its slot and gets its points back; earlier is INVALID_TRANSITION. */
export async function expireReservation(
  db: DbOrTx,
  input: { reservationId: number; now: Date },
): Promise<Reservation> {
  const { reservationId, now } = parseInput(expireInput, input);
  return db.transaction(async (tx) => {
    const current = await lockReservation(tx, reservationId);
    assertTransition(current, 'expire');
    if (!current.paymentDeadline || current.paymentDeadline.getTime() > now.getTime()) {
      throw new AppError('INVALID_TRANSITION', 'payment deadline not reached', {
        details: { status: current.status, action: 'expire', paymentDeadline: current.paymentDeadline },
      });
    }
    const row = await update(tx, reservationId, { status: 'expired', expiredAt: now });
    await refundRedeemed(tx, row);
    return row;
  });
}

/** Gives back the points a booking spent; the ledger's unique index makes a second refund a no-op. */
export async function refundRedeemed(tx: DbOrTx, reservation: Reservation): Promise<void> {
  if (reservation.pointsRedeemed <= 0) return;
  await recordPoints(tx, {
    customerId: reservation.customerId,
    delta: reservation.pointsRedeemed,
    reason: 'redemption_refund',
    reservationId: reservation.id,
    note: reservation.code,
  });
}

async function update(
  tx: DbOrTx,
  reservationId: number,
  values: Partial<typeof reservations.$inferInsert>,
): Promise<Reservation> {
  const [row] = await tx
    .update(reservations)
    .set(values)
    .where(eq(reservations.id, reservationId))
    .returning();
  return row!;
}
