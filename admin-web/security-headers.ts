import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { reachedOverHttps, requestOrigin } from '../src/client-address.ts';

/**
 * 180 days: long enough that a phone that visits once a season stays on https, short enough that
 * moving the studio off https one day does not strand its visitors for years.
 */
const HSTS = 'max-age=15552000';

/**
 * The one header policy of every page Potret serves (landing, chat, admin, queue dashboard, files).
 * Scripts only from our own files; inline style attributes allowed (the admin's chart bars are sized
 * with them and bull-board's loading screen uses them); nothing may frame a page (clickjacking);
 * no referrer leaves the site. HSTS only when the visitor came over https: on plain http a browser
 * ignores it, and it would be a lie on a LAN install.
 */
export function securityHeaders(options: { trustProxy: boolean }): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    strictTransportSecurity: false,
  });
  return async (c, next) => {
    await headers(c, next);
    const origin = requestOrigin(c.env, (name) => c.req.header(name));
    if (reachedOverHttps(c.req.url, origin, options.trustProxy))
      c.res.headers.set('Strict-Transport-Security', HSTS);
  };
}
