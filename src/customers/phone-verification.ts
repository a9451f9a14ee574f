import { and, eq, isNull, lt, max, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type Channel, channelIdentities, customers, phoneVerifications } from '../../db/schema/index.ts';
import { type CodeCheckedBy, cleanCode, codeMatches, hashCode, newCode } from './claim-codes.ts';
import type { Locale } from './types.ts';

/** A code is good for 10 minutes: long enough to switch apps, short enough to be useless later. */
export const CODE_TTL_MS = 10 * 60_000;
/** A code for staff is good for 24 hours: the customer may come by or call the studio tomorrow. */
export const STAFF_CODE_TTL_MS = 24 * 60 * 60_000;
/** Wrong codes allowed against one code; after that only a new code helps. */
export const MAX_CODE_ATTEMPTS = 5;
/** One code per 60 s, per chat and per customer, so a stranger cannot flood the customer's chat. */
export const RESEND_AFTER_MS = 60_000;
/** Codes per hour: 5 per asking chat, 10 per customer over all chats (at most 50 guesses an hour). */
const SEND_WINDOW_MS = 60 * 60_000;
const MAX_SENDS_PER_CHAT = 5;
const MAX_SENDS_PER_CUSTOMER = 10;

export interface ChatKey {
  channel: Channel;
  externalId: string;
}

/**
 * What linking a chat to the owner of a phone takes, when the chat has not proven it owns the number
 * (a typed number; WhatsApp ids and Telegram's own-contact share are proof and skip this).
 * - new: nobody has this phone.
 * - link: this chat is already theirs.
 * - verify: the owner has a reachable chat; a code goes there.
 * - staff: the owner has no chat to send a code to (entered by staff at the counter, or every chat of
 *   theirs blocked us): staff confirm with a code shown in the asking chat. Even with nothing booked
 *   yet, the record holds their name, contact details and whatever staff book for them next.
 */
export type PhoneClaim =
  | { kind: 'new' }
  | { kind: 'link'; customerId: number }
  | { kind: 'verify' | 'staff'; customerId: number; locale: Locale };

export async function classifyPhoneClaim(
  db: DbOrTx,
  input: ChatKey & { phone: string },
): Promise<PhoneClaim> {
  const [owner] = await db
    .select({ id: customers.id, locale: customers.locale })
    .from(customers)
    .where(eq(customers.phone, input.phone))
    .limit(1);
  if (!owner) return { kind: 'new' };
  const identities = await db
    .select({
      channel: channelIdentities.channel,
      externalId: channelIdentities.externalId,
      unreachableAt: channelIdentities.unreachableAt,
    })
    .from(channelIdentities)
    .where(eq(channelIdentities.customerId, owner.id));
  if (identities.some((i) => i.channel === input.channel && i.externalId === input.externalId)) {
    return { kind: 'link', customerId: owner.id };
  }
  const reachable = identities.some((i) => i.unreachableAt === null);
  return { kind: reachable ? 'verify' : 'staff', customerId: owner.id, locale: owner.locale };
}

export type StartVerificationResult =
  | { sent: true; code: string; expiresAt: Date }
  /** Asked too soon (60 s) or too often (hourly cap); nothing was sent or changed. */
  | { sent: false; reason: 'wait' | 'too_many'; retryInSeconds: number };

/**
 * Draws a new 6-digit code for this chat's claim on the customer's phone and keeps its hash (the chat's
 * previous code stops working). For `checkedBy: 'chat'` (the default) the caller sends the returned
 * code through the outbox to the customer's registered chat, never to the asking chat. For
 * `checkedBy: 'staff'` the asking chat is shown the code to tell the studio (linkChatByStaffCode);
 * nothing is sent, so there is no 60 s wait, but the hourly limits count it all the same.
 */
export async function startPhoneVerification(
  db: DbOrTx,
  input: ChatKey & { customerId: number; phone: string; now?: Date; checkedBy?: CodeCheckedBy },
): Promise<StartVerificationResult> {
  const now = input.now ?? new Date();
  const checkedBy = input.checkedBy ?? 'chat';
  // Serialises code requests for one customer across chats, so the per-customer limits hold.
  await db.execute(sql`select 1 from ${customers} where ${customers.id} = ${input.customerId} for update`);
  const windowStart = new Date(now.getTime() - SEND_WINDOW_MS);
  // This chat's claim, and the customer's claims over all chats: the last send and this hour's sends.
  const [[mine], [ofCustomer]] = await Promise.all([
    db.select().from(phoneVerifications).where(chatIs(input)).limit(1),
    db
      .select({
        lastSentAt: max(phoneVerifications.sentAt),
        sendsThisHour: sql<number>`coalesce(sum(${phoneVerifications.sends}) filter (where ${phoneVerifications.windowStartedAt} > ${windowStart.toISOString()}::timestamptz), 0)::int`,
      })
      .from(phoneVerifications)
      .where(eq(phoneVerifications.customerId, input.customerId)),
  ]);
  const lastSentAt = latest(ofCustomer?.lastSentAt ?? undefined, mine?.sentAt);
  if (checkedBy === 'chat' && lastSentAt && now.getTime() - lastSentAt.getTime() < RESEND_AFTER_MS) {
    return {
      sent: false,
      reason: 'wait',
      retryInSeconds: secondsUntil(now, lastSentAt.getTime() + RESEND_AFTER_MS),
    };
  }
  const sameWindow = mine !== undefined && mine.windowStartedAt > windowStart;
  if (sameWindow && mine.sends >= MAX_SENDS_PER_CHAT) {
    return {
      sent: false,
      reason: 'too_many',
      retryInSeconds: secondsUntil(now, mine.windowStartedAt.getTime() + SEND_WINDOW_MS),
    };
  }
  if ((ofCustomer?.sendsThisHour ?? 0) >= MAX_SENDS_PER_CUSTOMER) {
    return { sent: false, reason: 'too_many', retryInSeconds: Math.ceil(SEND_WINDOW_MS / 1000) };
  }
  const code = newCode();
  const expiresAt = new Date(now.getTime() + (checkedBy === 'chat' ? CODE_TTL_MS : STAFF_CODE_TTL_MS));
  const values = {
    customerId: input.customerId,
    phone: input.phone,
    codeHash: hashCode(code, checkedBy),
    attempts: 0,
    sends: sameWindow ? mine.sends + 1 : 1,
    windowStartedAt: sameWindow ? mine.windowStartedAt : now,
    sentAt: now,
    expiresAt,
  };
  await db
    .insert(phoneVerifications)
    .values({ channel: input.channel, externalId: input.externalId, ...values })
    .onConflictDoUpdate({ target: [phoneVerifications.channel, phoneVerifications.externalId], set: values });
  // Rows of this customer whose hour has long passed only clutter the limits' reads.
  await db
    .delete(phoneVerifications)
    .where(
      and(
        eq(phoneVerifications.customerId, input.customerId),
        lt(phoneVerifications.windowStartedAt, new Date(now.getTime() - 24 * SEND_WINDOW_MS)),
        or(
          ne(phoneVerifications.channel, input.channel),
          ne(phoneVerifications.externalId, input.externalId),
        ),
      ),
    );
  return { sent: true, code, expiresAt };
}

export type CheckCodeResult =
  | { ok: true; customerId: number; phone: string }
  /**
   * none: no code for this chat (or the number changed since); expired: older than 10 minutes;
   * wrong: attemptsLeft more tries; locked: tries used up. All but `wrong` need a new code.
   */
  | { ok: false; reason: 'none' | 'expired' | 'wrong' | 'locked'; attemptsLeft: number };

/**
 * Checks a typed code. A wrong code counts against the 5 tries (the count is written, so the caller
 * must not roll it back); the right one is used up and names the customer to link.
 */
export async function checkPhoneCode(
  db: DbOrTx,
  input: ChatKey & { code: string; now?: Date },
): Promise<CheckCodeResult> {
  const now = input.now ?? new Date();
  const [row] = await db.select().from(phoneVerifications).where(chatIs(input)).for('update').limit(1);
  if (!row) return { ok: false, reason: 'none', attemptsLeft: 0 };
  if (row.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: 'locked', attemptsLeft: 0 };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired', attemptsLeft: 0 };
  if (!codeMatches(row.codeHash, cleanCode(input.code), 'chat')) {
    const attempts = row.attempts + 1;
    await db.update(phoneVerifications).set({ attempts }).where(eq(phoneVerifications.id, row.id));
    const attemptsLeft = MAX_CODE_ATTEMPTS - attempts;
    return { ok: false, reason: attemptsLeft > 0 ? 'wrong' : 'locked', attemptsLeft };
  }
  await db.delete(phoneVerifications).where(eq(phoneVerifications.id, row.id));
  const [owner] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(eq(customers.id, row.customerId), eq(customers.phone, row.phone), isNull(customers.anonymizedAt)),
    );
  if (!owner) return { ok: false, reason: 'none', attemptsLeft: 0 };
  return { ok: true, customerId: owner.id, phone: row.phone };
}

/**
 * Codes past their end by more than a day (24 h) are deleted: they hold a phone number and a chat id and
 * can no longer be used. By then their send also lies outside the hourly limits, so nothing counted is
 * lost; a chat typing such a code is told to ask for a new one, as it is for an expired code.
 * Returns how many rows went.
 */
export async function pruneExpiredPhoneVerifications(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const deleted = await db
    .delete(phoneVerifications)
    .where(lt(phoneVerifications.expiresAt, new Date(now.getTime() - EXPIRED_KEPT_MS)))
    .returning({ id: phoneVerifications.id });
  return deleted.length;
}
const EXPIRED_KEPT_MS = 24 * 60 * 60_000;

const chatIs = (key: ChatKey) =>
  and(eq(phoneVerifications.channel, key.channel), eq(phoneVerifications.externalId, key.externalId));

const latest = (a: Date | undefined, b: Date | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));

const secondsUntil = (now: Date, at: number) => Math.max(1, Math.ceil((at - now.getTime()) / 1000));
