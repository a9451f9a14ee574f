import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { clientAddress as addressOf, requestOrigin } from '../src/client-address.ts';
import { translator } from '../src/i18n/index.ts';
import { type Area, canAccess, resolveSession } from '../src/staff/index.ts';
import type { AdminContext, AdminEnv } from './env.ts';
import { readForm, text } from './forms.ts';

export const SESSION_COOKIE = 'potret_admin';
export const LOGIN_CSRF_COOKIE = 'potret_admin_login';
export const LANG_COOKIE = 'potret_admin_lang';
/** The queue dashboard's copy of the CSRF token, named as axios (inside bull-board) looks for it. */
export const QUEUE_CSRF_COOKIE = 'XSRF-TOKEN';
export const BASE = '/admin';

export function setSessionCookie(c: Context, deps: AdminContext, token: string, expires: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: BASE,
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.secureCookies,
    expires,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: BASE });
}

export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** True when the client asked for JSON (fetch from our pages) rather than a page. */
export function wantsJson(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('application/json') || c.req.path.includes('/api/');
}

/** Loads the session from the cookie; anonymous requests go to the login page (or get 401 as JSON). */
export function requireLogin(deps: AdminContext): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await resolveSession(deps.db, token, deps.clock()) : undefined;
    if (!session) {
      if (token) clearSessionCookie(c);
      if (wantsJson(c) || c.req.method !== 'GET') {
        return c.json(
          { error: { code: 'UNAUTHORIZED', message: translator('id')('errors.UNAUTHORIZED') } },
          401,
        );
      }
      const next = c.req.path + (new URL(c.req.url).search || '');
      return c.redirect(`${BASE}/login?next=${encodeURIComponent(next)}`, 302);
    }
    c.set('staff', session.staff);
    c.set('sessionId', session.sessionId);
    c.set('csrf', session.csrfToken);
    c.set('locale', session.staff.locale);
    c.set('t', translator(session.staff.locale));
    await next();
  };
}

/**
 * Every state-changing request carries the session's CSRF token, in the form (_csrf) or a header
 * (x-csrf-token for our fetch calls, x-xsrf-token from the queue dashboard's axios). SameSite=Lax
 * already stops most cross-site posts; this covers the rest (same-site subdomains, older browsers).
 */
export function requireCsrf(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    let sent = c.req.header('x-csrf-token') ?? c.req.header('x-xsrf-token') ?? '';
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.includes('form')) sent = text(await readForm(c), '_csrf');
    }
    if (!sameToken(sent, c.get('csrf'))) {
      const t = c.get('t');
      if (wantsJson(c))
        return c.json({ error: { code: 'CSRF_INVALID', message: t('errors.CSRF_INVALID') } }, 403);
      return c.text(t('errors.CSRF_INVALID'), 403);
    }
    await next();
  };
}

export class ForbiddenArea extends Error {
  constructor(readonly area: Area) {
    super(`forbidden: ${area}`);
  }
}

export function requireArea(area: Area): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (!canAccess(c.get('staff').role, area)) throw new ForbiddenArea(area);
    await next();
  };
}

/** The client's address for login throttling: the socket's peer, or the proxy's word with TRUST_PROXY. */
export function clientAddress(c: Context, deps: Pick<AdminContext, 'trustProxy'>): string {
  return addressOf(
    requestOrigin(c.env, (name) => c.req.header(name)),
    deps.trustProxy ?? false,
  );
}

/**
 * A request that changes something must come from our own pages. Browsers say where a request
 * started in Sec-Fetch-Site (Chrome 76+, Firefox 90+, Safari 16.4+); older ones send Origin, whose
 * host must be this site's (as the browser addressed it, or PUBLIC_URL's when a proxy rewrites the
 * Host header). A request with neither is no browser's cross-site form, and still needs its token.
 */
export function fromOurPages(c: Context, publicUrl: string | undefined): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  const host = URL.canParse(origin) ? new URL(origin).host : undefined;
  if (!host) return false;
  return host === new URL(c.req.url).host || (publicUrl !== undefined && host === new URL(publicUrl).host);
}
