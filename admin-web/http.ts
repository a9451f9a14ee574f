import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { t } from '../src/i18n/index.ts';
import type { Logger } from '../src/logger.ts';
import { securityHeaders } from './security-headers.ts';

export interface HealthCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface Mount {
  /** e.g. "/admin", "/chat", "/telegram"; mounted with app.route. */
  path: string;
  app: Hono;
}

export interface HttpAppDeps {
  health: HealthCheck[];
  mounts: Mount[];
  log: Logger;
  studioName: () => Promise<string>;
  /** TRUST_PROXY: X-Forwarded-Proto decides whether a request came over https (HSTS). */
  trustProxy?: boolean;
}

/** A health check slower than 2 s counts as down: a load balancer's probe wants a quick answer. */
const HEALTH_TIMEOUT_MS = 2_000;

/** The check's answer, or false once the timeout passes; the timer goes with the answer (no 2 s leftover). */
async function withinTimeout(check: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The process's one HTTP app: health, the landing page, and every face's routes mounted under it. */
export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();
  // Before every route and mount, so the landing page, the chat, its files, the admin, the queue
  // dashboard and every error page carry one policy.
  app.use('*', securityHeaders({ trustProxy: deps.trustProxy ?? false }));
  app.get('/healthz', async (c) => {
    const results = await Promise.all(
      deps.health.map(async (h) => [h.name, (await withinTimeout(h.check)) ? 'ok' : 'down'] as const),
    );
    const healthy = results.every(([, state]) => state === 'ok');
    return c.json(
      { status: healthy ? 'ok' : 'degraded', ...Object.fromEntries(results) },
      healthy ? 200 : 503,
    );
  });
  for (const mount of deps.mounts) app.route(mount.path, mount.app);
  app.get('/', async (c) => {
    const name = await deps.studioName().catch(() => 'Potret');
    return c.html(
      landingPage(
        name,
        deps.mounts.map((m) => m.path),
      ),
    );
  });
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'unhandled http error');
    return c.text('Maaf, terjadi gangguan. Silakan coba lagi. / Sorry, something went wrong.', 500);
  });
  return app;
}

// Drawn inline, as on /chat: the page must not depend on the visitor's device having an emoji font.
const cameraIcon = `<svg width="56" height="56" viewBox="0 0 24 24" fill="none" stroke="#b45309" stroke-width="1.6" aria-hidden="true">
<path d="M4 8h3l2-3h6l2 3h3v11H4z" stroke-linejoin="round"/><circle cx="12" cy="13" r="3.5"/></svg>`;

function landingPage(studioName: string, paths: string[]): string {
  const escapeHtml = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const link = (href: string, label: string) =>
    paths.includes(href) ? `<a class="btn" href="${href}">${label}</a>` : '';
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(studioName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#fdf6ec;color:#3b2f2f}
main{max-width:28rem;padding:2rem;text-align:center}h1{margin:.2rem 0 1rem}.btn{display:block;margin:.6rem 0;padding:.9rem 1rem;border-radius:.8rem;background:#b45309;color:#fff;text-decoration:none;font-weight:600}
.btn.alt{background:#fff;color:#b45309;border:2px solid #b45309}</style></head>
<body><main>${cameraIcon}<h1>${escapeHtml(studioName)}</h1>
<p>${escapeHtml(t('id', 'common.landing.tagline'))}</p>
${link('/chat', escapeHtml(t('id', 'common.landing.chat')))}${paths.includes('/admin') ? `<a class="btn alt" href="/admin">${escapeHtml(t('id', 'common.landing.staff'))}</a>` : ''}
</main></body></html>`;
}

export async function listen(
  app: Hono,
  options: { host: string; port: number },
): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would hold close() open.
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
