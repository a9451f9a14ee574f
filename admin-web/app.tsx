import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isAppError } from '../src/errors.ts';
import { errorMessage, translator } from '../src/i18n/index.ts';
import { MAX_IMAGE_BYTES } from '../src/files/store.ts';
import { systemClock } from '../src/time.ts';
import { ForbiddenArea, fromOurPages, requireCsrf, requireLogin, wantsJson } from './auth.ts';
import type { AdminContext, AdminDeps, AdminEnv } from './env.ts';
import { refuseUnreadableQuery } from './forms.ts';
import { accountRoutes, publicAuthRoutes } from './routes/auth.tsx';
import { areaRoutes } from './routes/index.ts';
import { queueDashboardRoutes } from './routes/queues.ts';
import { securityHeaders } from './security-headers.ts';
import { TEXT_FORM_BODY_LIMIT, textTooLong } from './text-too-long.tsx';
import { ErrorPage } from './ui/error-page.tsx';

const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const staticTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** 11 MB for uploads (a 10 MB photo plus the form around it); text forms: TEXT_FORM_BODY_LIMIT. */
const UPLOAD_BODY_LIMIT = MAX_IMAGE_BYTES + 1024 * 1024;

/** The staff web app, mounted at /admin. Server-rendered pages; plain forms; a little JS for live counts. */
export function createAdminApp(input: AdminDeps): Hono {
  const deps: AdminContext = { ...input, clock: input.clock ?? systemClock };
  const app = new Hono<AdminEnv>();

  const assets = new Map<string, { body: string; type: string }>();
  for (const name of ['admin.css', 'admin.js']) {
    assets.set(name, {
      body: readFileSync(path.join(staticDir, name), 'utf8'),
      type: staticTypes[path.extname(name)]!,
    });
  }
  app.get('/static/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
  });

  const limits = {
    upload: bodyLimit({ maxSize: UPLOAD_BODY_LIMIT, onError: (c) => tooLarge(c) }),
    form: bodyLimit({ maxSize: TEXT_FORM_BODY_LIMIT, onError: (c) => textTooLong(c) }),
  };
  // The process's HTTP app sends the same policy; this keeps it when the admin is served alone.
  app.use('*', securityHeaders({ trustProxy: deps.trustProxy ?? false }));
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (!fromOurPages(c, deps.publicUrl)) return refusedCsrf(c);
    const multipart = (c.req.header('content-type') ?? '').startsWith('multipart/form-data');
    return (multipart ? limits.upload : limits.form)(c, next);
  });

  // A NUL or half a surrogate pair in a query parameter: 400 before any page reads it (forms: readForm).
  app.use('*', refuseUnreadableQuery());
  app.route('/', publicAuthRoutes(deps));

  const guarded = new Hono<AdminEnv>();
  guarded.use('*', requireLogin(deps));
  guarded.use('*', requireCsrf());
  if (deps.queueDashboard) guarded.route('/queues', queueDashboardRoutes(deps, deps.queueDashboard));
  guarded.route('/', accountRoutes(deps));
  for (const [prefix, routes] of areaRoutes(deps)) guarded.route(prefix, routes);
  app.route('/', guarded);

  app.notFound((c) => {
    const t = translator('id');
    if (wantsJson(c)) return c.json({ error: { code: 'NOT_FOUND', message: t('errors.NOT_FOUND') } }, 404);
    return c.html(<ErrorPage status={404} message={t('errors.NOT_FOUND')} locale="id" />, 404);
  });
  app.onError((error, c) => {
    const staffLocale = (c.get('locale') as 'id' | 'en' | undefined) ?? 'id';
    const t = translator(staffLocale);
    if (error instanceof ForbiddenArea) {
      if (wantsJson(c)) return c.json({ error: { code: 'FORBIDDEN', message: t('errors.FORBIDDEN') } }, 403);
      return c.html(<ErrorPage status={403} message={t('errors.FORBIDDEN')} locale={staffLocale} />, 403);
    }
    if (isAppError(error)) {
      const status = error.httpStatus as 400;
      const message = errorMessage(staffLocale, error.code);
      if (wantsJson(c)) {
        return c.json({ error: { code: error.code, message, fields: error.fields } }, status);
      }
      // TEXT_UNREADABLE names the refused field (forms.ts), so staff know which box to type again.
      const field = error.code === 'TEXT_UNREADABLE' ? error.fields[0]?.field : undefined;
      const shown = field ? `${message} (${field})` : message;
      return c.html(<ErrorPage status={status} message={shown} locale={staffLocale} />, status);
    }
    deps.log.error({ err: error, path: c.req.path }, 'admin request failed');
    if (wantsJson(c)) return c.json({ error: { code: 'INTERNAL', message: t('errors.INTERNAL') } }, 500);
    return c.html(<ErrorPage status={500} message={t('errors.INTERNAL')} locale={staffLocale} />, 500);
  });
  // The typed variables are internal; callers mount it like any other Hono app.
  return app as unknown as Hono;
}

/** A state-changing request from another site's page: the same answer as a missing CSRF token. */
function refusedCsrf(c: Context) {
  const t = translator('id');
  if (wantsJson(c))
    return c.json({ error: { code: 'CSRF_INVALID', message: t('errors.CSRF_INVALID') } }, 403);
  return c.text(t('errors.CSRF_INVALID'), 403);
}

function tooLarge(c: Parameters<Parameters<typeof bodyLimit>[0]['onError'] & object>[0]) {
  const t = translator('id');
  if (wantsJson(c))
    return c.json({ error: { code: 'FILE_TOO_LARGE', message: t('errors.FILE_TOO_LARGE') } }, 413);
  return c.html(<ErrorPage status={413} message={t('errors.FILE_TOO_LARGE')} locale="id" />, 413);
}
