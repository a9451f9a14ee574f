import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { t } from '../src/i18n/index.ts';
import type { Locale } from '../src/i18n/locale.ts';
import type { Queues } from './queues.ts';

export interface QueueDashboardOptions {
  /** Where it is mounted, without a trailing slash (default '/admin/queues'). */
  basePath?: string;
  readOnly?: boolean;
  /** Language of its title and way back; bull-board's own screens are English (it has no Indonesian). */
  locale?: Locale;
  /** The admin's home, linked from the board's menu (default '/admin'). */
  adminHref?: string;
}

/**
 * bull-board over every queue, as a Hono app to mount at `basePath` (no trailing slash). It can retry,
 * remove and promote jobs and has no guard of its own: admin-web/routes/queues.ts mounts it behind the
 * owner's login, the CSRF and same-origin checks and the audit log. Its title is the admin menu's name
 * for it, so an owner knows where they are.
 */
export function createQueueDashboard(queues: Queues, options: QueueDashboardOptions = {}): Hono {
  const basePath = (options.basePath ?? '/admin/queues').replace(/\/+$/, '');
  const locale = options.locale ?? 'id';
  const adapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: queues.all().map((queue) => new BullMQAdapter(queue, { readOnlyMode: options.readOnly ?? false })),
    serverAdapter: adapter,
    options: {
      uiConfig: {
        boardTitle: t(locale, 'admin.nav.queues'),
        miscLinks: [{ text: t(locale, 'admin.nav.dashboard'), url: options.adminHref ?? '/admin' }],
      },
    },
  });
  adapter.setBasePath(basePath);
  return adapter.registerPlugin();
}
