import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { loginAttempts, staffSessions, staffUsers } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createSession, type NewSession, type SessionStaff } from './sessions.ts';

/** 5 failures in 15 minutes lock an account, and separately an IP address, until the window passes. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

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

/**
 * Failures since the last success, within the window. A success resets the count, so one person's
 * typo at the shared front-desk IP does not stay held against the next colleague.
 */
async function recentFailures(
  db: DbOrTx,
  column: typeof loginAttempts.email | typeof loginAttempts.ip,
  value: string,
  now: Date,
) {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const [row] = await db
    .select({
      failures: sql<number>`count(*) filter (where not ${loginAttempts.success} and ${loginAttempts.createdAt} > coalesce(
        (select max(la.created_at) from login_attempts la where la.${sql.raw(column.name)} = ${value} and la.success and la.created_at > ${since.toISOString()}::timestamptz),
        '-infinity'::timestamptz))::int`,
    })
    .from(loginAttempts)
    .where(and(eq(column, value), gt(loginAttempts.createdAt, since)));
  return row?.failures ?? 0;
}

export async function isLoginThrottled(
  db: DbOrTx,
  input: { email: string; ip: string; now: Date },
): Promise<boolean> {
  const email = input.email.trim().toLowerCase();
  const [byEmail, byIp] = await Promise.all([
    recentFailures(db, loginAttempts.email, email, input.now),
    recentFailures(db, loginAttempts.ip, input.ip, input.now),
  ]);
  return byEmail >= LOGIN_MAX_FAILURES || byIp >= LOGIN_MAX_FAILURES;
}

/**
 * Checks the password and opens a session. Throws LOGIN_THROTTLED (before looking at the password)
 * or LOGIN_FAILED (same answer for an unknown email, a wrong password and a deactivated account).
 * The check and the recorded attempt run under advisory locks on the email and then the IP (always in
 * that order, so two logins never wait on each other in a circle): parallel guesses cannot all slip
 * in under the limit.
 */
export async function login(
  db: DbOrTx,
  input: LoginInput,
  deps: { decoyHash: DecoyHash },
): Promise<{ staff: SessionStaff; session: NewSession }> {
  const email = input.email.trim().toLowerCase();
  const outcome = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login-email:${email}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login-ip:${input.ip}`}))`);
    if (await isLoginThrottled(tx, { email, ip: input.ip, now: input.now }))
      return { throttled: true as const };
    const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.email, email)).limit(1);
    let ok = false;
    if (user) ok = await verifyPassword(user.passwordHash, input.password);
    else await verifyPassword(await deps.decoyHash(), input.password);
    const success = ok && user?.active === true;
    // Recorded whatever the answer, and committed with it: a failure must count.
    await tx.insert(loginAttempts).values({ email, ip: input.ip, success, createdAt: input.now });
    if (!success || !user) return { throttled: false as const, user: undefined };
    await tx.update(staffUsers).set({ lastLoginAt: input.now }).where(eq(staffUsers.id, user.id));
    const session = await createSession(tx, {
      staffId: user.id,
      ip: input.ip,
      userAgent: input.userAgent,
      now: input.now,
    });
    return { throttled: false as const, user, session };
  });
  if (outcome.throttled)
    throw new AppError('LOGIN_THROTTLED', `too many failures for ${email} or ${input.ip}`);
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
