import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffUsers } from '../../db/schema/index.ts';
import { ensureOwnerAccount } from '../../src/staff/bootstrap.ts';
import { Agent, harnessForFile } from './harness.ts';

const file = harnessForFile({ seed: false });
const BANNER = 'Kata sandi Anda masih buatan sistem';

describe('first login with the password printed at start-up', () => {
  it('the dashboard asks the owner to choose a password until they change it', async () => {
    // A fresh install: no owner yet, so start-up makes one with a generated password.
    await file.h.database.db.delete(staffUsers).where(eq(staffUsers.role, 'owner'));
    const made = await ensureOwnerAccount(file.h.database.db, {
      email: 'pemilik@studio.test',
      password: undefined,
    });
    if (!made.created || !made.generatedPassword) throw new Error('expected a generated password');
    const owner = new Agent(file.h.app, '10.9.0.1');
    expect((await owner.login('pemilik@studio.test', made.generatedPassword)).status).toBe(303);

    const first = await owner.page('/admin');
    expect(first.html).toContain(BANNER);
    expect(first.html).toContain('<a href="/admin/password">Ganti kata sandi »</a>');

    const changed = await owner.post('/admin/password', {
      currentPassword: made.generatedPassword,
      newPassword: 'pilihan-sendiri-1',
      confirmPassword: 'pilihan-sendiri-1',
    });
    expect(changed.status).toBe(303);
    expect((await owner.page('/admin')).html).not.toContain(BANNER);
  });

  it('says nothing to someone whose password was chosen, not generated', async () => {
    expect((await file.admin.page('/admin')).html).not.toContain(BANNER);
  });
});
