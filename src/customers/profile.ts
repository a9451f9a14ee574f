import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import {
  broadcastRecipients,
  channelIdentities,
  chatSessions,
  customers,
  phoneVerifications,
  webMessages,
} from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import {
  addressField,
  emailField,
  localeField,
  membershipField,
  nameField,
  notesField,
  optionalText,
  phoneOrNull,
  phoneTaken,
  phoneTakenError,
} from './fields.ts';
import { findCustomerByPhone, insertCustomerRow } from './insert.ts';
import { customerCodeOf } from './search.ts';
import type { Customer, Locale, Membership } from './types.ts';

/** The customer, or CUSTOMER_NOT_FOUND. */
export async function getCustomer(db: DbOrTx, id: number): Promise<Customer> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id)).limit(1);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${id}`);
  return row;
}

/** By the code staff see (C-000123); case and a missing dash are forgiven. */
export async function getCustomerByCode(db: DbOrTx, code: string): Promise<Customer> {
  const canonical = customerCodeOf(code) ?? code.trim();
  const [row] = await db.select().from(customers).where(eq(customers.code, canonical)).limit(1);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${code}`);
  return row;
}

const staffCustomerSchema = z.object({
  name: nameField,
  phone: z.string().nullish(),
  email: optionalText(emailField),
  address: optionalText(addressField),
  notes: optionalText(notesField),
  locale: localeField.optional(),
  membership: membershipField.optional(),
  promoOptIn: z.boolean().optional(),
});
export type StaffCustomerInput = z.input<typeof staffCustomerSchema>;

/**
 * A customer staff enter by hand (walk-in, phone call). When that person later writes in a chat with
 * the same phone, registration links the chat to this record once the chat proves the number: their
 * own WhatsApp or shared Telegram contact, or a code they tell staff (linkChatByStaffCode).
 */
export async function createCustomerByStaff(db: DbOrTx, input: StaffCustomerInput): Promise<Customer> {
  const data = parseInput(staffCustomerSchema, input);
  const phone = phoneOrNull(data.phone) ?? null;
  if (phone && (await findCustomerByPhone(db, phone))) throw phoneTakenError();
  const row = await insertCustomerRow(db, {
    name: data.name,
    phone,
    email: data.email ?? null,
    address: data.address ?? null,
    notes: data.notes ?? null,
    locale: data.locale ?? 'id',
    membership: data.membership ?? 'regular',
    promoOptIn: data.promoOptIn ?? true,
  });
  if (!row) throw phoneTakenError();
  return row;
}

/** The staff form's fields, each optional: a patch names only what changes. */
const patchSchema = staffCustomerSchema.partial();
export type CustomerPatch = z.input<typeof patchSchema>;

/** Edits what is given; null clears an optional field. A phone owned by someone else is PHONE_TAKEN. */
export async function updateCustomer(db: DbOrTx, id: number, patch: CustomerPatch): Promise<Customer> {
  const data = parseInput(patchSchema, patch);
  const phone = phoneOrNull(data.phone);
  const set = Object.fromEntries(
    Object.entries({ ...data, phone }).filter(([, value]) => value !== undefined),
  ) as Partial<typeof customers.$inferInsert>;
  if (Object.keys(set).length === 0) return getCustomer(db, id);
  try {
    const [row] = await db.update(customers).set(set).where(eq(customers.id, id)).returning();
    if (!row) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${id}`);
    return row;
  } catch (error) {
    throw phoneTaken(error) ?? error;
  }
}

export function setPromoOptIn(db: DbOrTx, id: number, optIn: boolean): Promise<Customer> {
  return updateCustomer(db, id, { promoOptIn: optIn });
}

export function setCustomerLocale(db: DbOrTx, id: number, locale: Locale): Promise<Customer> {
  return updateCustomer(db, id, { locale });
}

export function setMembership(db: DbOrTx, id: number, membership: Membership): Promise<Customer> {
  return updateCustomer(db, id, { membership });
}

/**
 * "Delete my data": blanks everything that identifies the person and forgets their chats (with the
 * web chat's transcript) and the codes other chats asked for their number, but keeps the row so
 * reservations, points and reports stay whole. The referral code is replaced so the old one stops
 * working. Idempotent.
 */
export async function anonymizeCustomer(db: DbOrTx, id: number): Promise<Customer> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({
        name: '',
        phone: null,
        email: null,
        address: null,
        notes: null,
        promoOptIn: false,
        // Lower case never matches a typed code (they are upper-cased), and the id keeps it unique.
        referralCode: `deleted-${id}`,
        anonymizedAt: sql`coalesce(${customers.anonymizedAt}, now())`,
      })
      .where(eq(customers.id, id))
      .returning();
    if (!row) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${id}`);
    // The web chat's transcript: what they typed and what the studio wrote them. Threads are named
    // channel:externalId (chatThreadName), so this reads them before the identities go.
    const threads = tx
      .select({ thread: sql<string>`${channelIdentities.channel} || ':' || ${channelIdentities.externalId}` })
      .from(channelIdentities)
      .where(eq(channelIdentities.customerId, id));
    await tx.delete(webMessages).where(inArray(webMessages.thread, threads));
    await tx.delete(channelIdentities).where(eq(channelIdentities.customerId, id));
    // A campaign's record of where it wrote them (a WhatsApp id is their phone). Pending rows keep theirs
    // until the sender, seeing the opt-out, settles them: the fan-out re-queues only rows with an address.
    await tx
      .update(broadcastRecipients)
      .set({ externalId: null })
      .where(and(eq(broadcastRecipients.customerId, id), ne(broadcastRecipients.status, 'pending')));
    // Codes asked for their number keep the phone and the asking chat's id.
    await tx.delete(phoneVerifications).where(eq(phoneVerifications.customerId, id));
    // The chat's saved state may hold what they typed (name, phone); start those chats afresh.
    await tx.delete(chatSessions).where(eq(chatSessions.customerId, id));
    return row;
  });
}
