import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { staffSessions, staffUsers } from '../../db/schema/index.ts';

/** 7 days: a front-desk phone stays signed in through a working week, then asks again. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  /** Goes into the cookie; only its sha256 is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: DbOrTx,
  input: { staffId: number; ip?: string | undefined; userAgent?: string | undefined; now: Date },
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + SESSION_TTL_MS);
  await db.insert(staffSessions).values({
    id: hashToken(token),
    staffId: input.staffId,
    csrfToken,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

export interface SessionStaff {
  id: number;
  email: string;
  name: string;
  role: 'owner' | 'admin' | 'staff';
  locale: 'id' | 'en';
  /** Still on a password the system made up (see ensureOwnerAccount). */
  mustChangePassword: boolean;
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  staff: SessionStaff;
}

/** The signed-in staff member for a cookie token, or undefined when unknown, expired or deactivated. */
export async function resolveSession(
  db: DbOrTx,
  token: string,
  now: Date,
): Promise<ResolvedSession | undefined> {
  if (!token || token.length > 100) return undefined;
  const id = hashToken(token);
  const [row] = await db
    .select({
      csrfToken: staffSessions.csrfToken,
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      locale: staffUsers.locale,
      mustChangePassword: staffUsers.mustChangePassword,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(and(eq(staffSessions.id, id), gt(staffSessions.expiresAt, now), eq(staffUsers.active, true)))
    .limit(1);
  if (!row) return undefined;
  const { csrfToken, ...staff } = row;
  return { sessionId: id, csrfToken, staff };
}

export async function deleteSession(db: DbOrTx, token: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.id, hashToken(token)));
}

/** Signs a staff member out everywhere, except optionally the session in hand. */
export async function deleteStaffSessions(
  db: DbOrTx,
  staffId: number,
  exceptSessionId?: string,
): Promise<void> {
  await db
    .delete(staffSessions)
    .where(
      exceptSessionId
        ? and(eq(staffSessions.staffId, staffId), ne(staffSessions.id, exceptSessionId))
        : eq(staffSessions.staffId, staffId),
    );
}
