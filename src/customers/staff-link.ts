import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type Channel, channelIdentities, customers, phoneVerifications } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { cleanCode, codeMatches } from './claim-codes.ts';
import { linkIdentity } from './identities.ts';
import type { Customer } from './types.ts';

export type StaffLinkResult =
  | { ok: true; customer: Customer; channel: Channel; externalId: string }
  /**
   * wrong: no live code of this customer's number matches (a typo, another customer's code, or one
   * made before staff changed the number); expired: older than 24 hours, the chat asks again;
   * elsewhere: the chat has registered as another customer since, so it is not waiting any more.
   */
  | { ok: false; reason: 'wrong' | 'expired' | 'elsewhere' };

/**
 * Staff type the code a customer read out from a chat that typed this customer's phone when the
 * customer had no chat to send a code to (startPhoneVerification with `checkedBy: 'staff'`). The code
 * only says which chat; staff vouch for the person (met at the desk, or called back on the number on
 * file). The chat becomes the customer's, and the code is used up. The caller records the audit entry
 * and tells the chat (chat.register.staff.linked through the outbox: the new chat is the one it reaches).
 */
export async function linkChatByStaffCode(
  db: DbOrTx,
  input: { customerId: number; code: string; now?: Date },
): Promise<StaffLinkResult> {
  const now = input.now ?? new Date();
  const code = cleanCode(input.code);
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .select()
      .from(customers)
      .where(eq(customers.id, input.customerId))
      .for('update');
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${input.customerId}`);
    const claims = await tx
      .select()
      .from(phoneVerifications)
      .where(eq(phoneVerifications.customerId, customer.id))
      .for('update');
    const claim = claims.find(
      (c) =>
        c.phone === customer.phone &&
        customer.anonymizedAt === null &&
        codeMatches(c.codeHash, code, 'staff'),
    );
    if (!claim) return { ok: false, reason: 'wrong' };
    if (claim.expiresAt <= now) return { ok: false, reason: 'expired' };
    const [registered] = await tx
      .select({ customerId: channelIdentities.customerId })
      .from(channelIdentities)
      .where(
        and(eq(channelIdentities.channel, claim.channel), eq(channelIdentities.externalId, claim.externalId)),
      );
    if (registered && registered.customerId !== customer.id) return { ok: false, reason: 'elsewhere' };
    await linkIdentity(tx, { customerId: customer.id, channel: claim.channel, externalId: claim.externalId });
    await tx.delete(phoneVerifications).where(eq(phoneVerifications.id, claim.id));
    return { ok: true, customer, channel: claim.channel, externalId: claim.externalId };
  });
}
