import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffUsers } from '../../db/schema/index.ts';
import { ensureOwnerAccount } from '../../src/staff/bootstrap.ts';
import { createStaff } from '../../src/staff/index.ts';
import { Agent, harnessForFile, loggedIn, PASSWORD } from './harness.ts';

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

describe('first login with an initial password an owner chose', () => {
  it('asks the new staff member to choose their own, and again after an owner resets it', async () => {
    await createStaff(file.h.database.db, {
      email: 'bu.sari@studio.test',
      name: 'Bu Sari',
      role: 'owner',
      password: PASSWORD,
    });
    const owner = await loggedIn(file.h.app, 'bu.sari@studio.test', '10.9.0.4');
    const made = await owner.post('/admin/staff', {
      name: 'Dimas Baru',
      email: 'dimas@studio.test',
      role: 'staff',
      password: 'awal-dari-owner-1',
    });
    expect(made.status).toBe(303);
    const dimas = new Agent(file.h.app, '10.9.0.2');
    expect((await dimas.login('dimas@studio.test', 'awal-dari-owner-1')).status).toBe(303);
    expect((await dimas.page('/admin')).html).toContain(BANNER);
    const changed = await dimas.post('/admin/password', {
      currentPassword: 'awal-dari-owner-1',
      newPassword: 'pilihan-dimas-12',
      confirmPassword: 'pilihan-dimas-12',
    });
    expect(changed.status).toBe(303);
    expect((await dimas.page('/admin')).html).not.toContain(BANNER);

    // Forgotten password: the owner sets a new one, which is again someone else's choice.
    const [row] = await file.h.database.db
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(eq(staffUsers.email, 'dimas@studio.test'));
    const reset = await owner.post(`/admin/staff/${row!.id}`, {
      name: 'Dimas Baru',
      role: 'staff',
      active: '1',
      password: 'reset-dari-owner-2',
    });
    expect(reset.status).toBe(303);
    const again = new Agent(file.h.app, '10.9.0.3');
    expect((await again.login('dimas@studio.test', 'reset-dari-owner-2')).status).toBe(303);
    expect((await again.page('/admin')).html).toContain(BANNER);
  });
});
