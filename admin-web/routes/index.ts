import type { Hono } from 'hono';
import type { AdminContext, AdminEnv } from '../env.ts';
import { complaintRoutes } from './complaints.tsx';
import { customerRoutes } from './customers.tsx';
import { dashboardRoutes } from './dashboard.tsx';
import { fileRoutes } from './files.ts';
import { ratingRoutes } from './ratings.tsx';
import { calendarRoutes, reservationRoutes } from './reservations.tsx';

/** Every area's routes under its path prefix; each module guards its own role. */
export function areaRoutes(deps: AdminContext): Array<[string, Hono<AdminEnv>]> {
  return [
    ['/reservations', reservationRoutes(deps)],
    ['/calendar', calendarRoutes(deps)],
    ['/customers', customerRoutes(deps)],
    ['/complaints', complaintRoutes(deps)],
    ['/ratings', ratingRoutes(deps)],
    ['/files', fileRoutes(deps)],
    ['/', dashboardRoutes(deps)],
  ];
}
