import { and, count, eq, isNotNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordPoints } from './ledger.ts';
import { loadPointsRules, pointsEarnedFor } from './rules.ts';

export interface CompletionCredit {
  /** False when this reservation was credited before (a second call changes nothing). */
  credited: boolean;
  customerId: number;
  pointsEarned: number;
  /** The customer just became a member. */
  membershipUpgraded: boolean;
  /** The referrer who got referralPoints for this, the friend's first completed booking. */
  referrerCreditedId: number | null;
}

/**
 * Rewards a completed booking, once: points for what was paid (the total after discounts and redeemed
 * points), membership after memberAfterBookings completed bookings, and the referrer's credit on the
 * friend's first completed booking. reservations.points_credited_at makes it happen once.
 */
export async function creditCompletion(tx: DbOrTx, reservationId: number): Promise<CompletionCredit> {
  return (await lockAndCreditCompletion(tx, reservationId)).credit;
}

/**
 * creditCompletion that also answers the row as it now is (pointsCreditedAt set), for the sweep that
 * catches completions whose credit failed and reports the bookings it credited.
 */
export async function lockAndCreditCompletion(
  tx: DbOrTx,
  reservationId: number,
): Promise<{ credit: CompletionCredit; reservation: ReservationRow }> {
  // A savepoint inside the caller's transaction, or a transaction of its own when given the root db.
  return tx.transaction(async (inner) => {
    const [reservation] = await inner
      .select()
      .from(reservations)
      .where(eq(reservations.id, reservationId))
      .for('update');
    if (!reservation) throw new AppError('RESERVATION_NOT_FOUND', `reservation ${reservationId}`);
    return creditLockedCompletion(inner, reservation);
  });
}

type ReservationRow = typeof reservations.$inferSelect;

/**
 * creditCompletion for a caller that holds the reservation row locked in this transaction already
 * (completeReservation): the row is not read again. Answers the row as it now is (pointsCreditedAt set).
 */
export async function creditLockedCompletion(
  tx: DbOrTx,
  reservation: ReservationRow,
): Promise<{ credit: CompletionCredit; reservation: ReservationRow }> {
  const reservationId = reservation.id;
  const customerId = reservation.customerId;
  const none = {
    credited: false,
    customerId,
    pointsEarned: 0,
    membershipUpgraded: false,
    referrerCreditedId: null,
  };
  if (reservation.status !== 'completed') {
    throw new AppError(
      'INVALID_TRANSITION',
      `reservation ${reservationId} is ${reservation.status}, not completed`,
    );
  }
  if (reservation.pointsCreditedAt) return { credit: none, reservation };

  const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${customerId}`);
  const rules = await loadPointsRules(tx);
  const pointsEarned = pointsEarnedFor(rules, reservation.total);
  await recordPoints(tx, {
    customerId,
    delta: pointsEarned,
    reason: 'completion',
    reservationId,
    note: reservation.code,
  });

  const [completed] = await tx
    .select({ n: count() })
    .from(reservations)
    .where(and(eq(reservations.customerId, customerId), eq(reservations.status, 'completed')));
  const membershipUpgraded =
    customer.membership === 'regular' && (completed?.n ?? 0) >= rules.memberAfterBookings;
  if (membershipUpgraded) {
    await tx.update(customers).set({ membership: 'member' }).where(eq(customers.id, customerId));
  }

  const referrerCreditedId = await creditReferrer(tx, customer, reservationId, rules.referralPoints);
  const [credited] = await tx
    .update(reservations)
    .set({ pointsCreditedAt: new Date() })
    .where(eq(reservations.id, reservationId))
    .returning();
  return {
    credit: { credited: true, customerId, pointsEarned, membershipUpgraded, referrerCreditedId },
    reservation: credited!,
  };
}

/**
 * The referrer earns once per friend, on the friend's first credited completion: a friend whose
 * earlier booking was already credited brings nothing more (the ledger's unique index backs this up).
 */
async function creditReferrer(
  tx: DbOrTx,
  friend: typeof customers.$inferSelect,
  reservationId: number,
  referralPoints: number,
): Promise<number | null> {
  if (friend.referredById === null || referralPoints <= 0) return null;
  const [earlier] = await tx
    .select({ n: count() })
    .from(reservations)
    .where(
      and(
        eq(reservations.customerId, friend.id),
        isNotNull(reservations.pointsCreditedAt),
        ne(reservations.id, reservationId),
      ),
    );
  if ((earlier?.n ?? 0) > 0) return null;
  const written = await recordPoints(tx, {
    customerId: friend.referredById,
    delta: referralPoints,
    reason: 'referral',
    reservationId,
    referredCustomerId: friend.id,
    note: friend.code,
  });
  return written ? friend.referredById : null;
}
