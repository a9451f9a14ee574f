import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { type StaffRole, staffRoles, staffUsers } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { deleteStaffSessions } from './sessions.ts';

/**
 * Validation messages are admin text keys (admin.v.*): staff accounts are only ever edited in the
 * admin web, which translates them next to the field.
 */
const password = z.string().min(8, 'admin.v.passwordShort').max(200, 'admin.v.tooLongMax?max=200');
const name = z.string().trim().min(1, 'admin.v.required').max(100, 'admin.v.tooLongMax?max=100');

export const createStaffSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('admin.v.email')),
  name,
  role: z.enum(staffRoles, 'admin.v.choose'),
  password,
  locale: z.enum(['id', 'en']).default('id'),
  /**
   * The password was chosen for the person by someone else (an owner making the account): the dashboard
   * asks them to choose their own until they do, as it asks an owner whose password was generated.
   */
  mustChangePassword: z.boolean().default(false),
});

export const updateStaffSchema = z.object({
  name: name.optional(),
  role: z.enum(staffRoles, 'admin.v.choose').optional(),
  active: z.boolean().optional(),
  locale: z.enum(['id', 'en']).optional(),
});

export type StaffAccount = Omit<typeof staffUsers.$inferSelect, 'passwordHash' | 'mustChangePassword'>;

const publicColumns = {
  id: staffUsers.id,
  email: staffUsers.email,
  name: staffUsers.name,
  role: staffUsers.role,
  active: staffUsers.active,
  locale: staffUsers.locale,
  lastLoginAt: staffUsers.lastLoginAt,
  createdAt: staffUsers.createdAt,
  updatedAt: staffUsers.updatedAt,
};

export async function listStaff(db: DbOrTx): Promise<StaffAccount[]> {
  return db.select(publicColumns).from(staffUsers).orderBy(asc(staffUsers.name), asc(staffUsers.id));
}

export async function getStaff(db: DbOrTx, id: number): Promise<StaffAccount> {
  const [row] = await db.select(publicColumns).from(staffUsers).where(eq(staffUsers.id, id)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', `staff ${id}`);
  return row;
}

export async function createStaff(
  db: DbOrTx,
  input: z.input<typeof createStaffSchema>,
): Promise<StaffAccount> {
  const data = parseInput(createStaffSchema, input);
  const [row] = await db
    .insert(staffUsers)
    .values({ ...data, passwordHash: await hashPassword(data.password) })
    .onConflictDoNothing({ target: staffUsers.email })
    .returning(publicColumns);
  if (!row) {
    throw new AppError('CONFLICT', `email ${data.email} taken`, {
      fields: [{ field: 'email', message: 'admin.v.emailTaken' }],
    });
  }
  return row;
}

/** Name, role, active, locale. The studio always keeps one active owner; deactivating signs out everywhere. */
export async function updateStaff(
  db: DbOrTx,
  id: number,
  patch: z.input<typeof updateStaffSchema>,
): Promise<StaffAccount> {
  const data = parseInput(updateStaffSchema, patch);
  return db.transaction(async (tx) => {
    // The active owners stay locked until this change commits: two owners stepping down at the same
    // moment would otherwise each see the other and leave the studio with none.
    const owners = await tx
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(and(eq(staffUsers.role, 'owner'), eq(staffUsers.active, true)))
      .for('update');
    const current = await getStaff(tx, id);
    const losesOwner =
      current.role === 'owner' && ((data.role && data.role !== 'owner') || data.active === false);
    if (losesOwner && owners.every((owner) => owner.id === id)) {
      throw new AppError('CONFLICT', 'last owner', {
        fields: [{ field: 'role', message: 'admin.v.lastOwner' }],
      });
    }
    const [row] = await tx.update(staffUsers).set(data).where(eq(staffUsers.id, id)).returning(publicColumns);
    if (data.active === false) await deleteStaffSessions(tx, id);
    return row!;
  });
}

export async function setStaffLocale(db: DbOrTx, id: number, locale: 'id' | 'en'): Promise<void> {
  await db.update(staffUsers).set({ locale }).where(eq(staffUsers.id, id));
}

/** The staff member's own change: needs the current password; signs out their other sessions. */
export async function changePassword(
  db: DbOrTx,
  input: { staffId: number; currentPassword: string; newPassword: string; keepSessionId?: string },
): Promise<void> {
  const newPassword = parseInput(z.object({ newPassword: password }), {
    newPassword: input.newPassword,
  }).newPassword;
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, input.staffId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('VALIDATION', 'current password wrong', {
      fields: [{ field: 'currentPassword', message: 'admin.v.currentPasswordWrong' }],
    });
  }
  await db
    .update(staffUsers)
    .set({ passwordHash: await hashPassword(newPassword), mustChangePassword: false })
    .where(eq(staffUsers.id, input.staffId));
  await deleteStaffSessions(db, input.staffId, input.keepSessionId);
}

/**
 * An owner sets someone's password (forgotten password); that person is signed out everywhere and asked
 * to choose their own once they are back in.
 */
export async function resetStaffPassword(db: DbOrTx, staffId: number, newPassword: string): Promise<void> {
  const parsed = parseInput(z.object({ password }), { password: newPassword });
  await getStaff(db, staffId);
  await db
    .update(staffUsers)
    .set({ passwordHash: await hashPassword(parsed.password), mustChangePassword: true })
    .where(eq(staffUsers.id, staffId));
  await deleteStaffSessions(db, staffId);
}

export type { StaffRole };

/** Display names for the staff ids a page mentions (who confirmed, cancelled, replied). */
export async function staffNames(
  db: DbOrTx,
  ids: Array<number | null | undefined>,
): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(inArray(staffUsers.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
