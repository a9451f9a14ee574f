import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../admin-web/app.tsx';
import { createLogger } from '../../src/logger.ts';
import { Agent, createHarness, type Harness, PASSWORD, recordingNotifier, TZ } from './harness.ts';

let h: Harness;
/** The same admin with TRUST_PROXY on, as behind nginx: the address comes from X-Forwarded-For. */
let proxied: Hono;
beforeAll(async () => {
  h = await createHarness({ seed: false });
  proxied = new Hono();
  proxied.route(
    '/admin',
    createAdminApp({
      db: h.database.db,
      log: createLogger({ level: 'silent' }),
      notifier: recordingNotifier(),
      secureCookies: false,
      timeZone: TZ,
      clock: () => h.now(),
      trustProxy: true,
    }),
  );
});
afterAll(() => h.close());

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const start = () => h.now();
const at = (base: Date, ms: number) => h.setNow(new Date(base.getTime() + ms));

/** One sign-in as a browser does it (the form's page, then the post); `headers` as a proxy adds them. */
async function attempt(agent: Agent, email: string, password: string, headers: Record<string, string> = {}) {
  await agent.page('/admin/login');
  return agent.post('/admin/login', { email, password }, { headers });
}

describe('login throttling per account and address', () => {
  it('never locks the owner out from her own browser, whatever is tried on her account elsewhere', async () => {
    const base = start();
    const attacker = new Agent(h.app, '203.0.113.5');
    for (let i = 0; i < 12; i++) {
      at(base, i * 16 * MINUTE);
      expect((await attempt(attacker, 'owner@studio.test', `tebak-${i}`)).status).toBe(401);
    }
    // Also from many other addresses, a few each.
    for (let n = 0; n < 10; n++) {
      const other = new Agent(h.app, `198.51.100.${n}`);
      for (let i = 0; i < 3; i++) await attempt(other, 'owner@studio.test', `x-${n}-${i}`);
    }
    const owner = new Agent(h.app, '10.20.0.1');
    expect((await attempt(owner, 'owner@studio.test', PASSWORD)).status).toBe(303);
    // The guesser, meanwhile, waits 15 minutes even with the right password.
    const refused = await attempt(attacker, 'owner@studio.test', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(15 * 60);
    expect(await refused.text()).toContain('Coba lagi dalam 15 menit');
  });

  it('lets three typos pass, then makes each next try wait twice as long, and a success starts over', async () => {
    const base = start();
    const rina = new Agent(h.app, '10.20.1.1');
    for (let i = 0; i < 3; i++) expect((await attempt(rina, 'rina@studio.test', 'salah')).status).toBe(401);
    const wait5 = await attempt(rina, 'rina@studio.test', PASSWORD);
    expect(wait5.status).toBe(429);
    expect(wait5.headers.get('retry-after')).toBe('5');
    expect(await wait5.text()).toContain('Coba lagi dalam 5 detik');

    at(base, 5 * SECOND);
    expect((await attempt(rina, 'rina@studio.test', 'salah lagi')).status).toBe(401);
    at(base, 14 * SECOND);
    expect((await attempt(rina, 'rina@studio.test', PASSWORD)).headers.get('retry-after')).toBe('1');
    at(base, 15 * SECOND);
    expect((await attempt(rina, 'rina@studio.test', PASSWORD)).status).toBe(303);

    // After the success her typos are free again.
    const again = new Agent(h.app, '10.20.1.1');
    for (let i = 0; i < 3; i++) expect((await attempt(again, 'rina@studio.test', 'typo')).status).toBe(401);
    at(base, 15 * SECOND + 5 * SECOND);
    expect((await attempt(again, 'rina@studio.test', PASSWORD)).status).toBe(303);
  });

  it('slows one address guessing across many accounts, yet a colleague there who has not failed signs in', async () => {
    const base = start();
    const office = () => new Agent(h.app, '10.30.0.1');
    for (let i = 0; i < 20; i++) {
      expect((await attempt(office(), `tebak${i}@studio.test`, 'rahasia')).status).toBe(401);
    }
    // A pair that has failed once is now refused, though its own allowance is not used up...
    const retry = await attempt(office(), 'tebak0@studio.test', 'rahasia2');
    expect(retry.status).toBe(429);
    expect(Number(retry.headers.get('retry-after'))).toBe(15 * 60);
    // ...while the admin at the same address, who has not failed, gets in at once.
    expect((await attempt(office(), 'admin@studio.test', PASSWORD)).status).toBe(303);
    // A fresh account gets its one check there, and a wrong password is just wrong.
    expect((await attempt(office(), 'tebak-baru@studio.test', 'x')).status).toBe(401);
    // Fifteen minutes after the 20th newest failure the address is under its limit again.
    at(base, 15 * MINUTE + SECOND);
    expect((await attempt(office(), 'tebak0@studio.test', 'rahasia3')).status).toBe(401);
  });

  it('ten wrong passwords at once from one address: three are checked, seven wait', async () => {
    h.setNow(new Date(start().getTime() + 5 * MINUTE));
    const agents = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const agent = new Agent(h.app, '10.40.0.1');
        await agent.page('/admin/login');
        return agent;
      }),
    );
    const answers = await Promise.all(
      agents.map((a, i) => a.post('/admin/login', { email: 'owner@studio.test', password: `tebak-${i}` })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });
});

describe('TRUST_PROXY', () => {
  it('off (the default): a made-up X-Forwarded-For changes nothing, rotating it does not escape', async () => {
    const guesser = new Agent(h.app, '10.50.0.1');
    for (let i = 0; i < 3; i++) {
      await attempt(guesser, 'admin@studio.test', 'x', { 'x-forwarded-for': `192.0.2.${i}` });
    }
    const rotated = await attempt(guesser, 'admin@studio.test', PASSWORD, {
      'x-forwarded-for': '192.0.2.99',
    });
    expect(rotated.status).toBe(429);
  });

  it('on: visitors behind the proxy are told apart by the address the proxy appended', async () => {
    const viaProxy = (address: string) => ({ 'x-forwarded-for': address });
    const guesser = new Agent(proxied, '127.0.0.1');
    for (let i = 0; i < 3; i++) await attempt(guesser, 'admin@studio.test', 'x', viaProxy('192.0.2.10'));
    // The client's own X-Forwarded-For entries come first; the proxy's last entry is what counts.
    const forged = await attempt(guesser, 'admin@studio.test', PASSWORD, viaProxy('1.2.3.4, 192.0.2.10'));
    expect(forged.status).toBe(429);
    const colleague = new Agent(proxied, '127.0.0.1');
    expect((await attempt(colleague, 'admin@studio.test', PASSWORD, viaProxy('192.0.2.11'))).status).toBe(
      303,
    );
  });
});
