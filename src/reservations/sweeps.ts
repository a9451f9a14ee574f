import { and, asc, eq, gte, isNull, lt, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { reservations } from '../../db/schema/index.ts';
import { lockAndCreditCompletion } from '../loyalty/completion.ts';
import { getSettings } from '../settings/settings.ts';
import { addDays, localDateOf, minutesOfDay, zonedParts, zonedTimeToInstant } from '../time.ts';
import { DEFAULT_TIME_ZONE } from './schedule.ts';
import { refundRedeemed } from './transitions.ts';
import type { Reservation, ZoneOption } from './types.ts';

/*
 * The scheduled sweeps. Each one "claims" its rows with a single UPDATE … RETURNING guarded by the
 * flag or status it sets, so a second run, or two workers at once, act on each reservation once.
 */

const HOUR_MS = 3_600_000;

/** Unpaid holds whose deadline has passed become expired (their slots free up, points come back). */
export async function expireOverdueHolds(db: DbOrTx, now: Date): Promise<Reservation[]> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(reservations)
      .set({ status: 'expired', expiredAt: now })
      .where(and(eq(reservations.status, 'pending_payment'), lte(reservations.paymentDeadline, now)))
      .returning();
    for (const row of expired) await refundRedeemed(tx, row);
    return expired;
  });
}

/**
 * Confirmed sessions on tomorrow's local date, once the studio's clock has reached reminderTime.
 * A booking confirmed later that day is still claimed by the next run.
 */
export async function claimDueReminders(
  db: DbOrTx,
  now: Date,
  options: ZoneOption = {},
): Promise<Reservation[]> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const settings = await getSettings(db);
  const clock = zonedParts(now, timeZone);
  if (clock.hour * 60 + clock.minute < minutesOfDay(settings.reminderTime)) return [];
  const tomorrow = addDays(localDateOf(now, timeZone), 1);
  return db
    .update(reservations)
    .set({ reminderSentAt: now })
    .where(
      and(
        eq(reservations.status, 'confirmed'),
        isNull(reservations.reminderSentAt),
        gte(reservations.startAt, zonedTimeToInstant(tomorrow, '00:00', timeZone)),
        lt(reservations.startAt, zonedTimeToInstant(addDays(tomorrow, 1), '00:00', timeZone)),
      ),
    )
    .returning();
}

/** Completed at least ratingDelayHours ago and not yet asked for a rating. */
export async function claimDueRatingRequests(db: DbOrTx, now: Date): Promise<Reservation[]> {
  const { ratingDelayHours } = await getSettings(db);
  return db
    .update(reservations)
    .set({ ratingRequestedAt: now })
    .where(
      and(
        eq(reservations.status, 'completed'),
        isNull(reservations.ratingRequestedAt),
        lte(reservations.completedAt, new Date(now.getTime() - ratingDelayHours * HOUR_MS)),
      ),
    )
    .returning();
}

/** Proofs waiting for staff longer than proofAlertHours, alerted once each. */
export async function claimStaleProofs(db: DbOrTx, now: Date): Promise<Reservation[]> {
  const { proofAlertHours } = await getSettings(db);
  return db
    .update(reservations)
    .set({ proofAlertedAt: now })
    .where(
      and(
        eq(reservations.status, 'awaiting_confirmation'),
        isNull(reservations.proofAlertedAt),
        lte(reservations.proofSubmittedAt, new Date(now.getTime() - proofAlertHours * HOUR_MS)),
      ),
    )
    .returning();
}

/** 500 per run: a backlog drains over a few runs instead of one long transaction. */
const CREDIT_BATCH = 500;

/**
 * Completed bookings whose points were never credited (completed outside completeReservation, or
 * before loyalty existed). Each row is locked and its points_credited_at checked, so this is safe to
 * run twice or beside completeReservation. Returns the ones credited now, as they now are.
 */
export async function creditMissedCompletions(db: DbOrTx): Promise<Reservation[]> {
  const pending = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.status, 'completed'), isNull(reservations.pointsCreditedAt)))
    .orderBy(asc(reservations.id))
    .limit(CREDIT_BATCH);
  const credited: Reservation[] = [];
  for (const { id } of pending) {
    const { credit, reservation } = await lockAndCreditCompletion(db, id);
    if (credit.credited) credited.push(reservation);
  }
  return credited;
}
