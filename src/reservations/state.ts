import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type ReservationStatus, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Reservation } from './types.ts';

export type ReservationAction = 'submitProof' | 'confirm' | 'cancel' | 'complete' | 'expire' | 'reschedule';

/**
 * The booking's state machine: from which statuses each action may start and where it leads
 * (undefined: the status stays). Anything else is INVALID_TRANSITION; finding the row already where
 * the action leads means someone else just did it (ALREADY_DONE).
 */
const transitionTable: Record<
  ReservationAction,
  { from: readonly ReservationStatus[]; to?: ReservationStatus }
> = {
  submitProof: { from: ['pending_payment', 'awaiting_confirmation'], to: 'awaiting_confirmation' },
  // Staff may confirm a hold paid in person, without a proof in the chat.
  confirm: { from: ['pending_payment', 'awaiting_confirmation'], to: 'confirmed' },
  cancel: { from: ['pending_payment', 'awaiting_confirmation', 'confirmed'], to: 'cancelled' },
  complete: { from: ['confirmed'], to: 'completed' },
  expire: { from: ['pending_payment'], to: 'expired' },
  reschedule: { from: ['pending_payment', 'awaiting_confirmation', 'confirmed'] },
};

export function canTransition(status: ReservationStatus, action: ReservationAction): boolean {
  return transitionTable[action].from.includes(status);
}

/** Throws ALREADY_DONE or INVALID_TRANSITION unless `action` may start from the row's status. */
export function assertTransition(reservation: Reservation, action: ReservationAction): void {
  const rule = transitionTable[action];
  if (rule.from.includes(reservation.status)) return;
  const details = { status: reservation.status, action };
  if (rule.to === reservation.status)
    throw new AppError('ALREADY_DONE', `${action}: already ${rule.to}`, { details });
  throw new AppError('INVALID_TRANSITION', `${action} from ${reservation.status}`, { details });
}

/**
 * The reservation, locked until the transaction ends: a concurrent transition waits here and then
 * sees the committed status, which is how racing staff get ALREADY_DONE instead of a double write.
 */
export async function lockReservation(tx: DbOrTx, reservationId: number): Promise<Reservation> {
  const [row] = await tx.select().from(reservations).where(eq(reservations.id, reservationId)).for('update');
  if (!row) throw new AppError('RESERVATION_NOT_FOUND', `reservation ${reservationId}`);
  return row;
}
