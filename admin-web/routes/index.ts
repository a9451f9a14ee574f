import type { Hono } from 'hono';
import type { AdminContext, AdminEnv } from '../env.ts';
import { dashboardRoutes } from './dashboard.tsx';
import { fileRoutes } from './files.ts';
import { calendarRoutes, reservationRoutes } from './reservations.tsx';

/** Every area's routes under its path prefix; each module guards its own role. */
export function areaRoutes(deps: AdminContext): Array<[string, Hono<AdminEnv>]> {
  return [
    ['/', dashboardRoutes(deps)],
    ['/reservations', reservationRoutes(deps)],
    ['/calendar', calendarRoutes(deps)],
    ['/files', fileRoutes(deps)],
  ];
}
