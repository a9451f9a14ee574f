import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type ReservationStatus, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Reservation } from './types.ts';

export type ReservationAction =
  | 'submitProof'
  | 'confirm'
  | 'cancel'
  | 'complete'
  | 'noShow'
  | 'expire'
  | 'reschedule';

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
  // The customer did not come to a confirmed session; the slot's time has passed, so nothing is freed.
  noShow: { from: ['confirmed'], to: 'no_show' },
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

/** Actions that say how a session went: refused before it starts (SESSION_NOT_STARTED). */
const afterStartActions: readonly ReservationAction[] = ['complete', 'noShow'];

/**
 * As assertTransition, and a session is only completed or marked no-show once its start time has come:
 * "selesai" days ahead would credit points and ask for a rating for a shoot that has not happened.
 */
export function assertTransitionAt(reservation: Reservation, action: ReservationAction, now: Date): void {
  assertTransition(reservation, action);
  if (afterStartActions.includes(action) && now.getTime() < reservation.startAt.getTime()) {
    throw new AppError('SESSION_NOT_STARTED', `${action} before ${reservation.startAt.toISOString()}`, {
      details: { status: reservation.status, action, startAt: reservation.startAt },
    });
  }
}

/** True when staff may record how the session went: confirmed and its start time has come. */
export function sessionMayBeClosed(reservation: Reservation, now: Date): boolean {
  return canTransition(reservation.status, 'complete') && now.getTime() >= reservation.startAt.getTime();
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
