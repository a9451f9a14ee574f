import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../admin-web/app.tsx';
import { createHttpApp } from '../../admin-web/http.ts';
import { createWebChatApp } from '../../bots/web/index.ts';
import { products } from '../../db/schema/index.ts';
import { createLogger } from '../../src/logger.ts';
import { Agent, harnessForFile, recordingNotifier, TZ } from './harness.ts';

const file = harnessForFile();
const log = createLogger({ level: 'silent' });

/** The whole site as src/main.ts builds it: landing page, /chat and /admin under one HTTP app. */
function site(options: { trustProxy?: boolean; secureCookies?: boolean; publicUrl?: string } = {}): Hono {
  const db = file.h.database.db;
  const admin = createAdminApp({
    db,
    log,
    notifier: recordingNotifier(),
    secureCookies: options.secureCookies ?? false,
    timeZone: TZ,
    clock: () => file.h.now(),
    trustProxy: options.trustProxy ?? false,
    publicUrl: options.publicUrl,
  });
  const chat = createWebChatApp({
    db,
    secret: 'a-test-secret-that-is-long-enough-1234567890',
    timeZone: TZ,
    defaultLocale: 'id',
    log,
    clock: () => file.h.now(),
  });
  return createHttpApp({
    log,
    mounts: [
      { path: '/admin', app: admin },
      { path: '/chat', app: chat },
    ],
    health: [],
    studioName: async () => 'Potret',
    trustProxy: options.trustProxy ?? false,
  });
}

let plain: Hono;
let photoId: number;
beforeAll(async () => {
  plain = site();
  const [product] = await file.h.database.db.select({ photo: products.photoFileId }).from(products).limit(1);
  photoId = product!.photo!;
});

describe('one security policy on every page', () => {
  it('the landing page, the chat, its files and script, the admin, a 404 and /healthz send the same headers', async () => {
    const paths = [
      '/',
      '/chat',
      '/chat/static/chat.js',
      `/chat/files/${photoId}`,
      '/admin/login',
      '/admin/nope',
      '/healthz',
    ];
    const policies = new Set<string>();
    for (const path of paths) {
      const response = await plain.request(`http://studio.local${path}`);
      expect([path, response.status < 500]).toEqual([path, true]);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect([path, csp]).toEqual([path, expect.stringContaining("frame-ancestors 'none'")]);
      expect([path, response.headers.get('x-frame-options')]).toEqual([path, 'DENY']);
      expect([path, response.headers.get('x-content-type-options')]).toEqual([path, 'nosniff']);
      expect([path, response.headers.get('referrer-policy')]).toEqual([path, 'same-origin']);
      expect([path, response.headers.get('strict-transport-security')]).toEqual([path, null]);
      policies.add(csp);
    }
    expect([...policies]).toHaveLength(1);
    expect([...policies][0]).toContain("script-src 'self'");
    expect([...policies][0]).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('sends HSTS only to a visitor who came over https', async () => {
    const hsts = async (app: Hono, url: string, headers: Record<string, string> = {}) =>
      (await app.request(url, { headers })).headers.get('strict-transport-security');
    expect(await hsts(plain, 'https://studio.example/chat')).toMatch(/^max-age=\d+/);
    // Without TRUST_PROXY anybody could write X-Forwarded-Proto: it decides nothing.
    expect(await hsts(plain, 'http://studio.example/chat', { 'x-forwarded-proto': 'https' })).toBeNull();
    const behindProxy = site({ trustProxy: true });
    expect(await hsts(behindProxy, 'http://studio.example/chat', { 'x-forwarded-proto': 'https' })).toMatch(
      /^max-age=/,
    );
    expect(await hsts(behindProxy, 'http://studio.example/chat', { 'x-forwarded-proto': 'http' })).toBeNull();
  });

  it('the admin language cookie is HttpOnly, SameSite and, on an https site, Secure, like the session cookie', async () => {
    const secure = site({ secureCookies: true });
    const response = await secure.request('http://studio.example/admin/login?lang=en');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('potret_admin_lang='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\/admin/);
    // Switching language when signed in sets it the same way.
    const owner = file.owner;
    await owner.page('/admin');
    const switched = await owner.post('/admin/locale', { locale: 'id' });
    const again = switched.headers.getSetCookie().find((c) => c.startsWith('potret_admin_lang='))!;
    expect(again).toMatch(/HttpOnly/);
    expect(again).toMatch(/SameSite=Lax/);
  });
});

describe('same-origin check on every admin POST', () => {
  /** Posts the owner's language form with a valid token and the given browser headers. */
  const switchLanguage = async (agent: Agent, headers: Record<string, string>) => {
    await agent.page('/admin');
    return agent.post('/admin/locale', { locale: 'id' }, { headers });
  };

  it('refuses a form another site submits, even one carrying the right token', async () => {
    expect((await switchLanguage(file.owner, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await switchLanguage(file.owner, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await switchLanguage(file.owner, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await switchLanguage(file.owner, { origin: 'null' })).status).toBe(403);
    // The login form too.
    const visitor = new Agent(file.h.app, '10.60.0.1');
    await visitor.page('/admin/login');
    const login = await visitor.post(
      '/admin/login',
      { email: 'owner@studio.test', password: 'x' },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(login.status).toBe(403);
  });

  it('accepts our own pages: same-origin, or an older browser whose Origin names this site or PUBLIC_URL', async () => {
    expect((await switchLanguage(file.owner, { 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    expect((await switchLanguage(file.owner, { origin: 'http://localhost' })).status).toBe(303);
    // Behind a proxy that sends Host: 127.0.0.1:3000, the browser's Origin is the public address.
    const proxied = site({ publicUrl: 'https://studio.example' });
    const agent = new Agent(proxied, '10.60.0.2');
    expect((await agent.login('owner@studio.test')).status).toBe(303);
    await agent.page('/admin');
    const response = await agent.post(
      '/admin/locale',
      { locale: 'id' },
      { headers: { origin: 'https://studio.example' } },
    );
    expect(response.status).toBe(303);
  });
});
