import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { paymentProofs, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { checkImage, storeImage } from '../files/store.ts';
import { parseInput } from '../validation.ts';
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
});

export type SubmitProofInput = z.input<typeof proofInput>;

export interface SubmittedProof {
  reservation: Reservation;
  proof: PaymentProof;
}

/**
 * Stores a transfer receipt photo and moves the booking to awaiting_confirmation; sending another
 * while waiting adds it. Only JPEG, PNG or WebP by content, at most 10 MB (FILE_NOT_IMAGE,
 * FILE_TOO_LARGE); a booking not waiting for payment gives RESERVATION_NOT_PAYABLE. A rejected file
 * writes nothing. A hold past its deadline that the sweep has not yet expired still accepts the proof:
 * the customer has most likely paid, and staff decide.
 */
export async function submitProof(db: DbOrTx, input: SubmitProofInput): Promise<SubmittedProof> {
  const args = parseInput(proofInput, input);
  const now = args.now ?? new Date();
  // Checked before the transaction so a bad file costs no lock.
  const checked = await checkImage(args.data);
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
    const file = await storeImage(tx, {
      data: args.data,
      checked,
      purpose: 'proof',
      originalName: args.originalName,
    });
    const [proof] = await tx
      .insert(paymentProofs)
      .values({ reservationId: current.id, fileId: file.id, note: args.note || null })
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
