import { Hono } from 'hono';
import { type DashboardCharts, dashboardCharts, dashboardSummary } from '../../src/reports/index.ts';
import { owedSummary } from '../../src/messaging/outbox-store.ts';
import { canAccess } from '../../src/staff/index.ts';
import { formatIsoDate, localDateOf } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { DashboardPage } from '../pages/dashboard.tsx';
import { pageContext } from '../ui/page-context.ts';

/**
 * The charts aggregate months of bookings (about 200 ms together at 500,000 bookings, bench/admin);
 * they change slowly, so each app instance keeps them for a minute, and the page says when they were
 * read. The revenue card is read from the same snapshot as the revenue chart, so the two always agree.
 * The figures staff act on (proofs waiting, today's sessions, complaints) are read fresh on every load.
 */
const CHART_TTL_MS = 60_000;
export function dashboardRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  type Cached = { key: string; at: number; value: Promise<DashboardCharts> };
  // One snapshot with revenue (owners, admins) and one without (staff, who do not see revenue).
  const cache = new Map<boolean, Cached>();
  const loadCharts = (now: Date, revenue: boolean) => {
    const key = formatIsoDate(localDateOf(now, deps.timeZone));
    const held = cache.get(revenue);
    if (held && held.key === key && now.getTime() - held.at < CHART_TTL_MS) return held.value;
    const value = dashboardCharts(deps.db, now, { timeZone: deps.timeZone, revenue });
    cache.set(revenue, { key, at: now.getTime(), value });
    // A failed load is not kept: the next request tries again.
    value.catch(() => {
      if (cache.get(revenue)?.value === value) cache.delete(revenue);
    });
    return value;
  };
  app.get('/', requireArea('dashboard'), async (c) => {
    const now = deps.clock();
    // Revenue is for those who may read the reports; staff see the day's work instead.
    const revenue = canAccess(c.get('staff').role, 'reports');
    const [summary, charts, owed] = await Promise.all([
      dashboardSummary(deps.db, now, { timeZone: deps.timeZone }),
      loadCharts(now, revenue),
      owedSummary(deps.db),
    ]);
    return c.html(
      <DashboardPage ctx={pageContext(c, deps.timeZone)} summary={summary} charts={charts} owed={owed} />,
    );
  });
  return app;
}
