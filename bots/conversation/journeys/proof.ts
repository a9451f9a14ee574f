import { isAppError } from '../../../src/errors.ts';
import { errorMessage } from '../../../src/i18n/index.ts';
import { type Ctx, customerIdOf, say, toMenu, tr } from '../context.ts';
import { submitProof } from '../domain.ts';
import type { PhotoInput, Replies } from '../step.ts';

/**
 * A transfer proof sent in chat, for the booking and proof steps alike: kept (re-encoded, within the
 * caps) and thanked for, then the menu. A cap hit writes nothing and answers kindly with the menu, not
 * with the proof step's "send a photo" again: the proofs already sent are with staff, and another one
 * would be refused as well.
 */
export async function takeProof(
  ctx: Ctx,
  reservationId: number,
  photo: PhotoInput,
  bytes: Uint8Array<ArrayBuffer>,
): Replies {
  try {
    const { reservation } = await submitProof(ctx.db, {
      reservationId,
      customerId: customerIdOf(ctx),
      data: bytes,
      ...(photo.fileName ? { originalName: photo.fileName.slice(0, 255) } : {}),
      now: ctx.now,
      timeZone: ctx.deps.timeZone,
    });
    return [say(tr(ctx, 'chat.booking.proofReceived', { code: reservation.code })), ...(await toMenu(ctx))];
  } catch (error) {
    if (isAppError(error, 'PROOF_LIMIT_BOOKING') || isAppError(error, 'PROOF_LIMIT_DAY')) {
      return [say(errorMessage(ctx.session.locale, error.code)), ...(await toMenu(ctx))];
    }
    throw error;
  }
}
