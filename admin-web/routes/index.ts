import type { Hono } from 'hono';
import type { AdminContext, AdminEnv } from '../env.ts';
import { broadcastRoutes } from './broadcasts.tsx';
import { bundleRoutes } from './bundles.tsx';
import { complaintRoutes } from './complaints.tsx';
import { customerRoutes } from './customers/index.ts';
import { dashboardRoutes } from './dashboard.tsx';
import { faqRoutes } from './faq.tsx';
import { fileRoutes } from './files.ts';
import { productRoutes } from './products.tsx';
import { ratingRoutes } from './ratings.tsx';
import { reportRoutes } from './reports.tsx';
import { calendarRoutes, reservationRoutes } from './reservations/index.ts';
import { rewardRoutes } from './rewards.tsx';
import { settingsRoutes } from './settings.tsx';
import { staffRoutes } from './staff.tsx';

/** Every area's routes under its path prefix; each module guards its own role. */
export function areaRoutes(deps: AdminContext): Array<[string, Hono<AdminEnv>]> {
  return [
    ['/reservations', reservationRoutes(deps)],
    ['/calendar', calendarRoutes(deps)],
    ['/customers', customerRoutes(deps)],
    ['/complaints', complaintRoutes(deps)],
    ['/ratings', ratingRoutes(deps)],
    ['/products', productRoutes(deps)],
    ['/bundles', bundleRoutes(deps)],
    ['/faq', faqRoutes(deps)],
    ['/rewards', rewardRoutes(deps)],
    ['/broadcasts', broadcastRoutes(deps)],
    ['/reports', reportRoutes(deps)],
    ['/settings', settingsRoutes(deps)],
    ['/staff', staffRoutes(deps)],
    ['/files', fileRoutes(deps)],
    ['/', dashboardRoutes(deps)],
  ];
}
