import { Hono } from 'hono';
import {
  bookingsPerCategory,
  type CategoryBookings,
  dashboardSummary,
  type RevenueReport,
  revenueReport,
} from '../../src/reports/index.ts';
import { addDays, formatIsoDate, localDateOf } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { CATEGORY_DAYS, DashboardPage } from '../pages/dashboard.tsx';
import { pageContext } from '../ui/page-context.ts';

/**
 * The two charts aggregate months of bookings (about 200 ms together at 500,000 bookings, bench/admin);
 * they change slowly, so each app instance keeps them for a minute. The figures staff act on (proofs
 * waiting, today's sessions, complaints) are read fresh on every load.
 */
const CHART_TTL_MS = 60_000;
export function dashboardRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  let charts: { key: string; at: number; value: Promise<[RevenueReport, CategoryBookings[]]> } | undefined;
  const loadCharts = (now: Date) => {
    const today = localDateOf(now, deps.timeZone);
    const key = formatIsoDate(today);
    if (charts && charts.key === key && now.getTime() - charts.at < CHART_TTL_MS) return charts.value;
    const sixMonthsAgo = {
      year: today.month > 5 ? today.year : today.year - 1,
      month: ((today.month + 6) % 12) + 1,
      day: 1,
    };
    const value = Promise.all([
      revenueReport(deps.db, {
        from: formatIsoDate(sixMonthsAgo),
        to: formatIsoDate(today),
        granularity: 'month',
        timeZone: deps.timeZone,
      }),
      bookingsPerCategory(deps.db, {
        from: formatIsoDate(addDays(today, -CATEGORY_DAYS.back)),
        to: formatIsoDate(addDays(today, CATEGORY_DAYS.ahead)),
        timeZone: deps.timeZone,
      }),
    ]);
    charts = { key, at: now.getTime(), value };
    // A failed load is not kept: the next request tries again.
    value.catch(() => {
      if (charts?.value === value) charts = undefined;
    });
    return value;
  };
  app.get('/', requireArea('dashboard'), async (c) => {
    const now = deps.clock();
    const [summary, [months, categories]] = await Promise.all([
      dashboardSummary(deps.db, now, { timeZone: deps.timeZone }),
      loadCharts(now),
    ]);
    return c.html(
      <DashboardPage
        ctx={pageContext(c, deps.timeZone)}
        summary={summary}
        months={months}
        categories={categories}
      />,
    );
  });
  return app;
}
