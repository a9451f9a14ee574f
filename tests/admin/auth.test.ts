import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, staffSessions } from '../../db/schema/index.ts';
import { hashToken } from '../../src/staff/index.ts';
import { Agent, createHarness, expectFieldErrors, type Harness, loggedIn, PASSWORD } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ seed: false });
});
afterAll(async () => {
  await h.close();
});

describe('login', () => {
  it('sends an anonymous visitor to the login page, and JSON callers get 401', async () => {
    const agent = new Agent(h.app);
    const page = await agent.get('/admin/reservations?status=confirmed');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(
      '/admin/login?next=%2Fadmin%2Freservations%3Fstatus%3Dconfirmed',
    );
    const json = await agent.get('/admin/reservations', { accept: 'application/json' });
    expect(json.status).toBe(401);
    const post = await agent.post('/admin/reservations/1/confirm', {}, { csrf: false });
    expect(post.status).toBe(401);
  });

  it('signs in with email and password, sets a hardened cookie and stores only the token hash', async () => {
    const agent = new Agent(h.app);
    const { html } = await agent.page('/admin/login');
    expect(html).toContain('Masuk');
    const response = await agent.post('/admin/login', {
      email: 'RINA@studio.test ',
      password: PASSWORD,
      next: '/admin/customers',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/customers');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('potret_admin='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/);
    const token = agent.cookies.get('potret_admin')!;
    const rows = await h.database.db
      .select()
      .from(staffSessions)
      .where(eq(staffSessions.staffId, h.staff.staff));
    expect(rows.map((r) => r.id)).toContain(hashToken(token));
    expect(rows.map((r) => r.id)).not.toContain(token);
    const dashboard = await agent.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('Rina');
  });

  it('sends someone already signed in from the login page to the dashboard', async () => {
    const agent = await loggedIn(h.app, 'admin@studio.test', '10.0.7.1');
    const response = await agent.get('/admin/login');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/admin');
  });

  it('never redirects to another site after login', async () => {
    const agent = new Agent(h.app);
    await agent.page('/admin/login');
    const response = await agent.post('/admin/login', {
      email: 'admin@studio.test',
      password: PASSWORD,
      next: '//evil.example/x',
    });
    expect(response.headers.get('location')).toBe('/admin');
  });

  it('answers a wrong password with the same message as an unknown email', async () => {
    const agent = new Agent(h.app, '10.9.9.9');
    const wrong = await agent.login('owner@studio.test', 'salah-sekali');
    expect(wrong.status).toBe(401);
    await agent.page('/admin/login');
    const unknown = await agent.post('/admin/login', {
      email: 'nobody@studio.test',
      password: 'salah-sekali',
    });
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toContain('Email atau kata sandi salah.');
    expect(await unknown.text()).toContain('Email atau kata sandi salah.');
  });

  it('refuses a login form without its CSRF token', async () => {
    const agent = new Agent(h.app);
    await agent.page('/admin/login');
    const response = await agent.post(
      '/admin/login',
      { email: 'owner@studio.test', password: PASSWORD },
      { csrf: 'forged' },
    );
    expect(response.status).toBe(403);
    expect(agent.cookies.has('potret_admin')).toBe(false);
  });

  it('logs out: the session row is gone and the old cookie no longer works', async () => {
    const agent = await loggedIn(h.app, 'owner@studio.test', '10.2.0.1');
    const token = agent.cookies.get('potret_admin')!;
    const response = await agent.post('/admin/logout');
    expect(response.status).toBe(303);
    const rows = await h.database.db
      .select()
      .from(staffSessions)
      .where(eq(staffSessions.id, hashToken(token)));
    expect(rows).toHaveLength(0);
    agent.cookies.set('potret_admin', token);
    expect((await agent.get('/admin')).status).toBe(302);
  });

  it('rejects a POST without the CSRF token with 403 and changes nothing', async () => {
    const agent = await loggedIn(h.app, 'owner@studio.test', '10.2.0.2');
    const response = await agent.post('/admin/locale', { locale: 'en' }, { csrf: false });
    expect(response.status).toBe(403);
    const forged = await agent.post('/admin/locale', { locale: 'en' }, { csrf: 'x'.repeat(32) });
    expect(forged.status).toBe(403);
    expect((await agent.page('/admin')).html).toContain('Dasbor');
  });

  it('switches the interface to English and back', async () => {
    const agent = await loggedIn(h.app, 'owner@studio.test', '10.2.0.3');
    expect(
      (await agent.post('/admin/locale', { locale: 'en', back: '/admin/reservations' })).headers.get(
        'location',
      ),
    ).toBe('/admin/reservations');
    const { html } = await agent.page('/admin');
    expect(html).toContain('Dashboard');
    expect(html).toContain('lang="en"');
    await agent.post('/admin/locale', { locale: 'id' });
    expect((await agent.page('/admin')).html).toContain('Dasbor');
  });
});

describe('password change', () => {
  it('needs the current password and a confirmed new one, shown next to the field', async () => {
    const agent = await loggedIn(h.app, 'rina@studio.test', '10.3.0.1');
    const short = await agent.post('/admin/password', {
      currentPassword: PASSWORD,
      newPassword: 'abc',
      confirmPassword: 'abc',
    });
    await expectFieldErrors(short, 400, { newPassword: 'Kata sandi minimal 8 karakter' });
    const wrong = await agent.post('/admin/password', {
      currentPassword: 'bukan-ini-ya',
      newPassword: 'baru-sekali-123',
      confirmPassword: 'baru-sekali-123',
    });
    await expectFieldErrors(wrong, 400, { currentPassword: 'Kata sandi sekarang salah' });
  });

  it('changes it, keeps this session, signs out the others, and the new password works', async () => {
    const other = await loggedIn(h.app, 'rina@studio.test', '10.3.0.2');
    const agent = await loggedIn(h.app, 'rina@studio.test', '10.3.0.3');
    const response = await agent.post('/admin/password', {
      currentPassword: PASSWORD,
      newPassword: 'baru-sekali-123',
      confirmPassword: 'baru-sekali-123',
    });
    expect(response.status).toBe(303);
    expect((await agent.get('/admin')).status).toBe(200);
    expect((await other.get('/admin')).status).toBe(302);
    const fresh = new Agent(h.app, '10.3.0.4');
    expect((await fresh.login('rina@studio.test', 'baru-sekali-123')).status).toBe(303);
    const audit = await h.database.db.select().from(auditLog).where(eq(auditLog.action, 'staff.password'));
    expect(audit.length).toBeGreaterThan(0);
  });
});

describe('headers and limits', () => {
  it('sends secure headers and a strict script policy', async () => {
    const agent = await loggedIn(h.app, 'owner@studio.test', '10.4.0.1');
    const response = await agent.get('/admin');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // Plain http here: HSTS would be ignored by the browser and wrong to send.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('refuses an oversized form body with 413', async () => {
    const agent = await loggedIn(h.app, 'owner@studio.test', '10.4.0.2');
    const response = await agent.post('/admin/locale', { locale: 'id', filler: 'x'.repeat(1100 * 1024) });
    expect(response.status).toBe(413);
  });
});
