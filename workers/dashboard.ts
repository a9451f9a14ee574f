import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { Queues } from './queues.ts';

/**
 * bull-board over every queue, as a Hono app to mount at `basePath` (no trailing slash) behind the
 * owner's login: `app.route('/admin/queues', createQueueDashboard(queues))`. It can retry, remove and
 * promote jobs, so it is for owners only.
 */
export function createQueueDashboard(queues: Queues, options: { basePath?: string; readOnly?: boolean } = {}): Hono {
  const basePath = (options.basePath ?? '/admin/queues').replace(/\/+$/, '');
  const adapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: queues.all().map((queue) => new BullMQAdapter(queue, { readOnlyMode: options.readOnly ?? false })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Potret queues' } },
  });
  adapter.setBasePath(basePath);
  return adapter.registerPlugin();
}
