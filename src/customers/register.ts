import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { channelValues, customers, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordPoints } from '../loyalty/ledger.ts';
import { loadPointsRules } from '../loyalty/rules.ts';
import { parseInput } from '../validation.ts';
import { addressField, emailField, localeField, nameField, optionalText } from './fields.ts';
import { linkIdentity } from './identities.ts';
import { findCustomerByPhone, findReferrer, insertCustomerRow } from './insert.ts';
import { normalizePhone } from './phone.ts';
import type { Customer } from './types.ts';

const registrationSchema = z.object({
  channel: z.enum(channelValues),
  externalId: z.string().trim().min(1).max(200),
  displayName: z.string().trim().max(200).nullish(),
  name: nameField,
  phone: z.string(),
  email: optionalText(emailField),
  address: optionalText(addressField),
  locale: localeField.optional(),
  referralCode: z.string().trim().max(40).nullish(),
  promoOptIn: z.boolean().optional(),
  /**
   * A phone already on file: link this chat to its owner (the default, for callers that know the chat
   * owns the number), or fail with PHONE_TAKEN (a typed number the chat has not proven).
   */
  onPhoneTaken: z.enum(['link', 'refuse']).optional(),
});
export type RegistrationInput = z.input<typeof registrationSchema>;

export interface RegistrationResult {
  customer: Customer;
  /** True when the phone was already known (entered by staff or registered on another channel). */
  linked: boolean;
  /**
   * True when the referral code was applied: referredBy recorded and the friend's welcome points
   * credited. The referrer's own points come later, on the friend's first completed booking.
   * A code that is unknown, the customer's own, or given by someone already referred or already a
   * customer with bookings is ignored (false), so a typo never blocks registering.
   */
  referralApplied: boolean;
  /** Same as referralApplied; the name the API map uses. */
  referrerCredited: boolean;
}

/**
 * Registers the person in a chat. A phone already on file is linked rather than duplicated (the
 * customer met on WhatsApp, now on Telegram; or entered by staff at the counter), unless the caller
 * says the chat has not proven the number (onPhoneTaken: 'refuse'). Two chats registering the same
 * phone at once end on one customer: the insert conflicts on the unique phone and the loser links to
 * the winner's row, or gets PHONE_TAKEN.
 */
export async function registerCustomer(db: DbOrTx, input: RegistrationInput): Promise<RegistrationResult> {
  const data = parseInput(registrationSchema, input);
  const phone = normalizePhone(data.phone);
  return db.transaction(async (tx) => {
    let customer = await insertCustomerRow(tx, {
      name: data.name,
      phone,
      email: data.email ?? null,
      address: data.address ?? null,
      locale: data.locale ?? 'id',
      promoOptIn: data.promoOptIn ?? true,
      lastActiveAt: new Date(),
    });
    const linked = customer === undefined;
    if (!customer) {
      if (data.onPhoneTaken === 'refuse') throw new AppError('PHONE_TAKEN', 'phone on file, not proven');
      const existing = await findCustomerByPhone(tx, phone);
      if (!existing) throw new AppError('INTERNAL', 'phone conflict without a row');
      customer = await fillBlanks(tx, existing, data);
    }
    await linkIdentity(tx, {
      customerId: customer.id,
      channel: data.channel,
      externalId: data.externalId,
      displayName: data.displayName ?? null,
    });
    const referred = data.referralCode ? await applyReferral(tx, customer, data.referralCode) : undefined;
    const referralApplied = referred !== undefined;
    return { customer: referred ?? customer, linked, referralApplied, referrerCredited: referralApplied };
  });
}

/**
 * A linked customer keeps what staff typed (the name may be how the studio knows them) and gains what
 * was missing; their choices made just now in the chat (language, promotions) win.
 */
async function fillBlanks(
  tx: DbOrTx,
  existing: Customer,
  data: z.output<typeof registrationSchema>,
): Promise<Customer> {
  const [row] = await tx
    .update(customers)
    .set({
      email: existing.email ?? data.email ?? null,
      address: existing.address ?? data.address ?? null,
      ...(data.locale ? { locale: data.locale } : {}),
      ...(data.promoOptIn !== undefined ? { promoOptIn: data.promoOptIn } : {}),
      lastActiveAt: new Date(),
    })
    .where(eq(customers.id, existing.id))
    .returning();
  return row!;
}

/**
 * Referral counts only for someone new to the studio: no referrer yet and no booking yet. Answers the
 * customer with the referrer and the welcome points recorded, or undefined when the code does not count.
 */
async function applyReferral(tx: DbOrTx, customer: Customer, code: string): Promise<Customer | undefined> {
  if (customer.referredById !== null) return undefined;
  const referrer = await findReferrer(tx, code);
  if (!referrer || referrer.id === customer.id) return undefined;
  const [booked] = await tx
    .select({ n: count() })
    .from(reservations)
    .where(eq(reservations.customerId, customer.id));
  if ((booked?.n ?? 0) > 0) return undefined;
  const rules = await loadPointsRules(tx);
  await recordPoints(tx, {
    customerId: customer.id,
    delta: rules.referralWelcomePoints,
    reason: 'referral_welcome',
    referredCustomerId: customer.id,
    note: referrer.code,
  });
  // After the points, so the row returned carries the new balance.
  const [referred] = await tx
    .update(customers)
    .set({ referredById: referrer.id })
    .where(eq(customers.id, customer.id))
    .returning();
  return referred;
}
