import { Hono } from 'hono';
import { requireArea } from '../../auth.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { reservationActionRoutes } from './actions.ts';
import { reservationDetailRoutes, reservationDetailView } from './detail.tsx';
import { reservationListRoutes } from './list.tsx';

export { calendarRoutes } from './calendar.tsx';

/** /admin/reservations: the list, one booking, and what staff do to it. Every role at the desk may. */
export function reservationRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('reservations'));
  const view = reservationDetailView(deps);
  app.route('/', reservationListRoutes(deps));
  app.route('/', reservationDetailRoutes(view));
  app.route('/', reservationActionRoutes(deps, view));
  return app;
}
