import { randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Customer } from './types.ts';

/** No 0/O, 1/I: customers read these codes aloud and type them from a screenshot. */
const referralAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 32^6 ≈ 1.07e9 codes: collisions are rare and retried. */
const referralLength = 6;

export function newReferralCode(): string {
  let code = '';
  for (let i = 0; i < referralLength; i++) code += referralAlphabet[randomInt(referralAlphabet.length)];
  return code;
}

/** Codes are shown upper case; people type them any way, with spaces. */
export function cleanReferralCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export async function findCustomerByPhone(db: DbOrTx, phone: string): Promise<Customer | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.phone, phone)).limit(1);
  return row;
}

/** The customer owning a referral code, unless they were anonymized (their code died with them). */
export async function findReferrer(db: DbOrTx, code: string): Promise<Customer | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.referralCode, cleanReferralCode(code)), isNull(customers.anonymizedAt)))
    .limit(1);
  return row;
}

export type NewCustomerValues = Omit<typeof customers.$inferInsert, 'id' | 'code' | 'referralCode'>;

/**
 * Inserts a customer with a fresh referral code. Returns undefined when the phone is already taken,
 * including by a concurrent insert: ON CONFLICT waits for that transaction and then skips, so the
 * caller can read the winner's row instead of creating a duplicate.
 */
export async function insertCustomerRow(
  db: DbOrTx,
  values: NewCustomerValues,
): Promise<Customer | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [row] = await db
      .insert(customers)
      .values({ ...values, referralCode: newReferralCode() })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
    // Not the phone, so the referral code collided: draw another.
    if (values.phone && (await findCustomerByPhone(db, values.phone))) return undefined;
  }
  throw new AppError('INTERNAL', 'could not allocate a unique referral code');
}
