import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { staffUsers } from '../../db/schema/index.ts';
import { hashPassword } from './passwords.ts';

/**
 * Makes sure the studio has an owner account. On a fresh install it creates one from the configured
 * email and password, or generates a password and returns it so start-up can print it once.
 */
export async function ensureOwnerAccount(
  db: DbOrTx,
  input: { email: string; password: string | undefined },
): Promise<{ created: false } | { created: true; email: string; generatedPassword: string | undefined }> {
  const [owners] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(staffUsers)
    .where(eq(staffUsers.role, 'owner'));
  if ((owners?.count ?? 0) > 0) return { created: false };
  const generatedPassword = input.password ? undefined : randomBytes(9).toString('base64url');
  const password = input.password ?? generatedPassword!;
  await db
    .insert(staffUsers)
    .values({
      email: input.email.toLowerCase(),
      name: 'Pemilik Studio',
      role: 'owner',
      passwordHash: await hashPassword(password),
      // A printed password may sit in a log; the dashboard asks the owner to choose their own.
      mustChangePassword: generatedPassword !== undefined,
    })
    .onConflictDoNothing();
  return { created: true, email: input.email.toLowerCase(), generatedPassword };
}
