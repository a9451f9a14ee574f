import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { canAccess, recordAudit } from '../../src/staff/index.ts';
import { BASE, ForbiddenArea, QUEUE_CSRF_COOKIE } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Adding a job or rewriting a job's data skips the rules of the verb that normally makes it: a
 * broadcast fan-out added by hand sends a draft to every customer. Jobs are made by Potret; the
 * board tends the ones that exist (retry, promote, clean, pause).
 */
const MAKES_JOBS = /^\/api\/queues\/[^/]+\/(add|[^/]+\/update-data)$/;

/**
 * bull-board under /admin/queues, behind the login and the CSRF check like every other admin route.
 * Owners only (it can empty queues); a request that changes something is refused for anyone else
 * even if the area is opened to more roles one day, and every change is written to the audit log
 * with who did it and what came of it.
 *
 * bull-board's page talks to its API with axios, which copies the XSRF-TOKEN cookie into an
 * X-XSRF-TOKEN header on same-origin requests: the cookie holds the session's CSRF token (already
 * printed in every admin page), so the board's own buttons pass requireCsrf and a forged form does not.
 */
export function queueDashboardRoutes(deps: AdminContext, board: Hono): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const mountPath = `${BASE}/queues`;
  app.use('*', async (c, next) => {
    const staff = c.get('staff');
    const acts = !SAFE_METHODS.has(c.req.method);
    if (!canAccess(staff.role, 'queues') || (acts && staff.role !== 'owner'))
      throw new ForbiddenArea('queues');
    if (!acts) {
      setCookie(c, QUEUE_CSRF_COOKIE, c.get('csrf'), {
        path: mountPath,
        sameSite: 'Strict',
        secure: deps.secureCookies,
      });
      return next();
    }
    const path = c.req.path.slice(mountPath.length) || '/';
    if (MAKES_JOBS.test(path)) throw new ForbiddenArea('queues');
    await next();
    await recordAudit(deps.db, {
      staffId: staff.id,
      action: 'queue.action',
      entityType: 'queue',
      entityId: queueNameIn(path),
      details: { method: c.req.method, path, status: c.res.status },
    });
  });
  app.route('/', board);
  return app;
}

/** The queue a board API path acts on; none for pause/resume of every queue at once. */
function queueNameIn(path: string): string | null {
  return /^\/api\/queues\/([^/]+)\//.exec(path)?.[1] ?? null;
}
