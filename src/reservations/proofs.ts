import { and, count, eq, gte, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { paymentProofs, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { cleanImage, storeImage } from '../files/store.ts';
import { addDays, localDateOf, zonedTimeToInstant } from '../time.ts';
import { parseInput } from '../validation.ts';
import { DEFAULT_TIME_ZONE } from './schedule.ts';
import { canTransition, lockReservation } from './state.ts';
import type { PaymentProof, Reservation } from './types.ts';

const proofInput = z.object({
  reservationId: z.number().int().positive(),
  customerId: z.number().int().positive().optional(),
  // Buffer and Uint8Array alike (any backing buffer); the content is checked by checkImage.
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be the file’s bytes'),
  originalName: z.string().max(255).optional(),
  note: z.string().trim().max(1000).optional(),
  now: z.date().optional(),
  /** The studio's zone, whose calendar day the per-customer cap counts. */
  timeZone: z.string().optional(),
});

/** A transfer shown in a few photos (receipt, then a clearer one) fits; more is a mistake or abuse. */
export const MAX_PROOFS_PER_BOOKING = 5;
/** Proofs one customer may send on one of the studio's days, over all their bookings. */
export const MAX_PROOFS_PER_CUSTOMER_DAY = 20;

/** First key of the two-int advisory lock that serialises one customer's proofs (see capacity.ts). */
const CUSTOMER_PROOF_LOCK_NAMESPACE = 7_310_002;

export type SubmitProofInput = z.input<typeof proofInput>;

export interface SubmittedProof {
  reservation: Reservation;
  proof: PaymentProof;
}

/**
 * Stores a transfer receipt photo and moves the booking to awaiting_confirmation; sending another
 * while waiting adds it. Only JPEG, PNG or WebP by content, at most 10 MB (FILE_NOT_IMAGE,
 * FILE_TOO_LARGE); a booking not waiting for payment gives RESERVATION_NOT_PAYABLE. The photo is kept
 * re-encoded (cleanImage: no appended bytes, no EXIF position). At most MAX_PROOFS_PER_BOOKING per
 * booking (PROOF_LIMIT_BOOKING) and MAX_PROOFS_PER_CUSTOMER_DAY per customer on the studio's calendar
 * day of `now` (PROOF_LIMIT_DAY). A rejected file writes nothing. A hold past its deadline that the sweep has not yet expired still accepts the proof:
 * the customer has most likely paid, and staff decide.
 */
export async function submitProof(db: DbOrTx, input: SubmitProofInput): Promise<SubmittedProof> {
  const args = parseInput(proofInput, input);
  const now = args.now ?? new Date();
  // Checked and re-encoded before the transaction, so a bad or large file costs no lock.
  const cleaned = await cleanImage(args.data);
  return db.transaction(async (tx) => {
    const current = await lockReservation(tx, args.reservationId);
    // Someone else's booking reads as unknown, so codes cannot be probed.
    if (args.customerId !== undefined && current.customerId !== args.customerId) {
      throw new AppError('RESERVATION_NOT_FOUND', `reservation ${args.reservationId}`);
    }
    if (!canTransition(current.status, 'submitProof')) {
      throw new AppError('RESERVATION_NOT_PAYABLE', `reservation is ${current.status}`, {
        details: { status: current.status },
      });
    }
    await checkProofCaps(tx, current, now, args.timeZone ?? DEFAULT_TIME_ZONE);
    const file = await storeImage(tx, {
      data: args.data,
      cleaned,
      purpose: 'proof',
      originalName: args.originalName,
    });
    const [proof] = await tx
      .insert(paymentProofs)
      // The caller's clock, so the per-day cap counts the same day the customer lives in.
      .values({ reservationId: current.id, fileId: file.id, note: args.note || null, createdAt: now })
      .returning();
    const [reservation] = await tx
      .update(reservations)
      // The first proof starts the staff's waiting time (claimStaleProofs); later ones keep it.
      .set({ status: 'awaiting_confirmation', proofSubmittedAt: current.proofSubmittedAt ?? now })
      .where(eq(reservations.id, current.id))
      .returning();
    return { reservation: reservation!, proof: proof! };
  });
}

/**
 * PROOF_LIMIT_BOOKING or PROOF_LIMIT_DAY when one more proof would pass a cap. The booking is locked
 * already; the customer's lock makes two chats of one customer (Telegram and WhatsApp) count in turn.
 */
async function checkProofCaps(tx: DbOrTx, booking: Reservation, now: Date, timeZone: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${CUSTOMER_PROOF_LOCK_NAMESPACE}::int, ${booking.customerId}::int)`,
  );
  const today = localDateOf(now, timeZone);
  const dayStart = zonedTimeToInstant(today, '00:00', timeZone);
  const dayEnd = zonedTimeToInstant(addDays(today, 1), '00:00', timeZone);
  const [[forBooking], [forDay]] = await Promise.all([
    tx.select({ n: count() }).from(paymentProofs).where(eq(paymentProofs.reservationId, booking.id)),
    tx
      .select({ n: count() })
      .from(paymentProofs)
      .innerJoin(reservations, eq(reservations.id, paymentProofs.reservationId))
      .where(
        and(
          eq(reservations.customerId, booking.customerId),
          gte(paymentProofs.createdAt, dayStart),
          lt(paymentProofs.createdAt, dayEnd),
        ),
      ),
  ]);
  if ((forBooking?.n ?? 0) >= MAX_PROOFS_PER_BOOKING) {
    throw new AppError('PROOF_LIMIT_BOOKING', `reservation ${booking.id} has ${forBooking?.n} proofs`, {
      details: { max: MAX_PROOFS_PER_BOOKING },
    });
  }
  if ((forDay?.n ?? 0) >= MAX_PROOFS_PER_CUSTOMER_DAY) {
    throw new AppError('PROOF_LIMIT_DAY', `customer ${booking.customerId} sent ${forDay?.n} proofs today`, {
      details: { max: MAX_PROOFS_PER_CUSTOMER_DAY },
    });
  }
}
