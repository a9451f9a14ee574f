import { and, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { loginAttempts, staffUsers } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createSession, type NewSession, type SessionStaff } from './sessions.ts';

/** 5 failures in 15 minutes lock an account, and separately an IP address, until the window passes. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Verified against when the email is unknown, so a wrong email costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;

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
async function recentFailures(db: DbOrTx, column: typeof loginAttempts.email | typeof loginAttempts.ip, value: string, now: Date) {
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

export async function isLoginThrottled(db: DbOrTx, input: { email: string; ip: string; now: Date }): Promise<boolean> {
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
 */
export async function login(db: DbOrTx, input: LoginInput): Promise<{ staff: SessionStaff; session: NewSession }> {
  const email = input.email.trim().toLowerCase();
  if (await isLoginThrottled(db, { email, ip: input.ip, now: input.now })) {
    throw new AppError('LOGIN_THROTTLED', `too many failures for ${email} or ${input.ip}`);
  }
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.email, email)).limit(1);
  dummyHash ??= hashPassword('potret-timing-equaliser');
  let ok = false;
  if (user) ok = await verifyPassword(user.passwordHash, input.password);
  else await verifyPassword(await dummyHash, input.password);
  const success = ok && user?.active === true;
  await db.insert(loginAttempts).values({ email, ip: input.ip, success, createdAt: input.now });
  if (!success || !user) throw new AppError('LOGIN_FAILED');
  await db.update(staffUsers).set({ lastLoginAt: input.now }).where(eq(staffUsers.id, user.id));
  const session = await createSession(db, { staffId: user.id, ip: input.ip, userAgent: input.userAgent, now: input.now });
  return {
    staff: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale },
    session,
  };
}
