import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { loginAttempts, staffSessions, staffUsers } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createSession, type NewSession, type SessionStaff } from './sessions.ts';

/**
 * Throttling, in two layers, so that no one can lock someone else out:
 * - per (account, address) pair: the first PAIR_FREE_FAILURES wrong passwords cost nothing (typos),
 *   then each one makes the next try wait twice as long, from 5 s up to 15 min. A success resets it.
 *   Failures from other addresses never hold back the owner's own browser.
 * - per address: past ADDRESS_MAX_FAILURES failures in ADDRESS_WINDOW_MS (on any accounts), a pair
 *   that has failed before is refused until the address cools down; a pair that has not failed still
 *   gets its password checked, so a colleague behind the same NAT or proxy signs in.
 */
export const PAIR_FREE_FAILURES = 3;
const PAIR_FIRST_DELAY_MS = 5_000;
const PAIR_MAX_DELAY_MS = 15 * 60 * 1000;
/** Failures are remembered a day (pruneLoginRecords drops older attempts). */
const PAIR_MEMORY_MS = 24 * 60 * 60 * 1000;
/** 20 in 15 minutes: more than a whole front desk mistyping, far fewer than a guessing script tries. */
export const ADDRESS_MAX_FAILURES = 20;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

/** How long a pair waits after its n-th failure in a row. */
export function pairDelayMs(failures: number): number {
  if (failures < PAIR_FREE_FAILURES) return 0;
  return Math.min(PAIR_MAX_DELAY_MS, PAIR_FIRST_DELAY_MS * 2 ** (failures - PAIR_FREE_FAILURES));
}

/**
 * The hash a login with an unknown email is verified against, so a wrong email costs the same time as
 * a wrong password (one argon2 verify). Made by createDecoyHash, once per admin app.
 */
export type DecoyHash = () => Promise<string>;

/**
 * Hashes a random password on the first unknown email and keeps it for the owner's lifetime: hashing
 * costs as much as verifying, so doing it on every such login would make unknown emails the slow ones.
 * A failed hash is not kept, so the next login tries again.
 */
export function createDecoyHash(): DecoyHash {
  let decoy: Promise<string> | undefined;
  return () => {
    decoy ??= hashPassword(randomBytes(18).toString('base64url')).catch((error: unknown) => {
      decoy = undefined;
      throw error;
    });
    return decoy;
  };
}

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent?: string | undefined;
  now: Date;
}

interface ThrottleState {
  /** Failures of this account from this address since its last success there (a day at most). */
  pairFailures: number;
  pairLastFailure: Date | null;
  /** Failures from this address on any account in the last ADDRESS_WINDOW_MS. */
  addressFailures: number;
  /** The ADDRESS_MAX_FAILURES-th newest of those: once it is older than the window, the address is under the limit. */
  addressLimitFailure: Date | null;
}

async function throttleState(db: DbOrTx, email: string, ip: string, now: Date): Promise<ThrottleState> {
  const dayAgo = new Date(now.getTime() - PAIR_MEMORY_MS).toISOString();
  const windowStart = new Date(now.getTime() - ADDRESS_WINDOW_MS).toISOString();
  const lastPairSuccess = sql`coalesce((select max(la.created_at) from login_attempts la
    where la.email = ${email} and la.ip = ${ip} and la.success and la.created_at > ${dayAgo}::timestamptz), '-infinity'::timestamptz)`;
  const pairFailure = sql`${loginAttempts.email} = ${email} and not ${loginAttempts.success} and ${loginAttempts.createdAt} > ${lastPairSuccess}`;
  const addressFailure = sql`not ${loginAttempts.success} and ${loginAttempts.createdAt} > ${windowStart}::timestamptz`;
  const [row] = await db
    .select({
      pairFailures: sql<number>`(count(*) filter (where ${pairFailure}))::int`,
      pairLastFailure:
        sql<Date | null>`max(${loginAttempts.createdAt}) filter (where ${pairFailure})`.mapWith(
          loginAttempts.createdAt,
        ),
      addressFailures: sql<number>`(count(*) filter (where ${addressFailure}))::int`,
      addressLimitFailure:
        sql<Date | null>`(array_agg(${loginAttempts.createdAt} order by ${loginAttempts.createdAt} desc)
        filter (where ${addressFailure}))[${sql.raw(String(ADDRESS_MAX_FAILURES))}]`.mapWith(
          loginAttempts.createdAt,
        ),
    })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), gt(loginAttempts.createdAt, new Date(dayAgo))));
  return {
    pairFailures: row?.pairFailures ?? 0,
    pairLastFailure: row?.pairLastFailure ?? null,
    addressFailures: row?.addressFailures ?? 0,
    addressLimitFailure: row?.addressLimitFailure ?? null,
  };
}

/** When this pair may try again, or undefined when it may now. */
function throttledUntil(state: ThrottleState, now: Date): Date | undefined {
  const waits: number[] = [];
  if (state.pairLastFailure) waits.push(state.pairLastFailure.getTime() + pairDelayMs(state.pairFailures));
  // A pair that has not failed is never held back by its neighbours: its password decides.
  if (state.pairFailures > 0 && state.addressFailures >= ADDRESS_MAX_FAILURES && state.addressLimitFailure)
    waits.push(state.addressLimitFailure.getTime() + ADDRESS_WINDOW_MS);
  const until = Math.max(0, ...waits);
  return until > now.getTime() ? new Date(until) : undefined;
}

/**
 * Checks the password and opens a session. Throws LOGIN_THROTTLED (before looking at the password;
 * details.retryAfterSeconds says how long) or LOGIN_FAILED (same answer for an unknown email, a wrong
 * password and a deactivated account). The check and the recorded attempt run under an advisory lock
 * on the (account, address) pair: parallel guesses on one account cannot all slip in before the first
 * failure counts. Guesses at many accounts from one address are not serialised: each of those pairs
 * is fresh and would get its one check anyway.
 */
export async function login(
  db: DbOrTx,
  input: LoginInput,
  deps: { decoyHash: DecoyHash },
): Promise<{ staff: SessionStaff; session: NewSession }> {
  const email = input.email.trim().toLowerCase();
  const outcome = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login:${email}|${input.ip}`}))`);
    const until = throttledUntil(await throttleState(tx, email, input.ip, input.now), input.now);
    if (until) return { throttledUntil: until };
    const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.email, email)).limit(1);
    let ok = false;
    if (user) ok = await verifyPassword(user.passwordHash, input.password);
    else await verifyPassword(await deps.decoyHash(), input.password);
    const success = ok && user?.active === true;
    // Recorded whatever the answer, and committed with it: a failure must count.
    await tx.insert(loginAttempts).values({ email, ip: input.ip, success, createdAt: input.now });
    if (!success || !user) return { user: undefined };
    await tx.update(staffUsers).set({ lastLoginAt: input.now }).where(eq(staffUsers.id, user.id));
    const session = await createSession(tx, {
      staffId: user.id,
      ip: input.ip,
      userAgent: input.userAgent,
      now: input.now,
    });
    return { user, session };
  });
  if (outcome.throttledUntil) {
    const retryAfterSeconds = Math.ceil((outcome.throttledUntil.getTime() - input.now.getTime()) / 1000);
    throw new AppError('LOGIN_THROTTLED', `too many failures for ${email} from ${input.ip}`, {
      details: { retryAfterSeconds },
    });
  }
  if (!outcome.user || !outcome.session) throw new AppError('LOGIN_FAILED');
  const { user, session } = outcome;
  return {
    staff: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      locale: user.locale,
      mustChangePassword: user.mustChangePassword,
    },
    session,
  };
}

/** Attempts older than a day no longer count for anything; sessions past their expiry neither. */
export async function pruneLoginRecords(db: DbOrTx, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, dayAgo));
  await db.delete(staffSessions).where(lt(staffSessions.expiresAt, now));
}
