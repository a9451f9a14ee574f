import { and, asc, eq, gt, inArray, lt, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { activeReservationStatuses, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

/**
 * Refuses a second booking of one customer whose time overlaps a booking they already hold
 * (CUSTOMER_DOUBLE_BOOKED, with the other booking's id and code in details): a double tap in the chat or
 * two chats booking at once would otherwise take two slots for one person. The caller holds the day's
 * lock (lockRoom), so two bookings of that day cannot both pass. `excludeId`: the booking being moved.
 */
export async function assertNoOverlapFor(
  tx: DbOrTx,
  customerId: number,
  slot: { startAt: Date; endAt: Date },
  excludeId?: number,
): Promise<void> {
  const conditions = [
    eq(reservations.customerId, customerId),
    inArray(reservations.status, [...activeReservationStatuses]),
    lt(reservations.startAt, slot.endAt),
    gt(reservations.endAt, slot.startAt),
  ];
  if (excludeId !== undefined) conditions.push(ne(reservations.id, excludeId));
  const [other] = await tx
    .select({ id: reservations.id, code: reservations.code, startAt: reservations.startAt })
    .from(reservations)
    .where(and(...conditions))
    .orderBy(asc(reservations.startAt))
    .limit(1);
  if (other) {
    throw new AppError('CUSTOMER_DOUBLE_BOOKED', `customer ${customerId} already holds ${other.code}`, {
      details: { reservationId: other.id, code: other.code, startAt: other.startAt },
    });
  }
}
