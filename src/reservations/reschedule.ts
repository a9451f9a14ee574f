import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { reservations } from '../../db/schema/index.ts';
import { getSettings } from '../settings/settings.ts';
import { parseInput } from '../validation.ts';
import { lockRoom } from './capacity.ts';
import { assertNoOverlapFor } from './overlap.ts';
import { DEFAULT_TIME_ZONE, resolveSlot } from './schedule.ts';
import { assertTransition, lockReservation } from './state.ts';
import type { Reservation } from './types.ts';

const rescheduleInput = z.object({
  reservationId: z.number().int().positive(),
  startAt: z.date(),
  staffId: z.number().int().positive(),
  now: z.date().optional(),
  timeZone: z.string().optional(),
  /** Staff confirmed on purpose that the customer keeps two bookings at overlapping times. */
  allowDoubleBooking: z.boolean().default(false),
});

export type RescheduleReservationInput = z.input<typeof rescheduleInput>;

/**
 * Moves an active booking to another start, keeping its length and status. The new day is locked and
 * its capacity re-checked exactly as when booking (SLOT_FULL, SLOT_INVALID, SLOT_IN_PAST, STUDIO_CLOSED),
 * not counting the booking itself; a time overlapping another booking of the same customer is
 * CUSTOMER_DOUBLE_BOOKED unless staff allow it on purpose. The day-before reminder is due again for the new date.
 */
export async function rescheduleReservation(
  db: DbOrTx,
  input: RescheduleReservationInput,
): Promise<Reservation> {
  const args = parseInput(rescheduleInput, input);
  const now = args.now ?? new Date();
  const timeZone = args.timeZone ?? DEFAULT_TIME_ZONE;
  return db.transaction(async (tx) => {
    const current = await lockReservation(tx, args.reservationId);
    assertTransition(current, 'reschedule');
    if (current.startAt.getTime() === args.startAt.getTime()) return current;
    const settings = await getSettings(tx);
    const minutes = (current.endAt.getTime() - current.startAt.getTime()) / 60_000;
    const slot = resolveSlot(settings, args.startAt, minutes, now, timeZone);

    await lockRoom(tx, slot, settings.capacityPerSlot, current.id);
    if (!args.allowDoubleBooking) await assertNoOverlapFor(tx, current.customerId, slot, current.id);
    // An unpaid hold still has to be paid before the (new) session starts.
    const deadline =
      current.paymentDeadline && current.paymentDeadline.getTime() > slot.startAt.getTime()
        ? slot.startAt
        : current.paymentDeadline;
    const [row] = await tx
      .update(reservations)
      .set({ startAt: slot.startAt, endAt: slot.endAt, paymentDeadline: deadline, reminderSentAt: null })
      .where(eq(reservations.id, current.id))
      .returning();
    return row!;
  });
}
