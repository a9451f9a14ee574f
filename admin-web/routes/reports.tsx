import { type Context, Hono } from 'hono';
import {
  complaintStats,
  itemsSoldReport,
  ratingTrend,
  revenueReport,
  sessionOutcomes,
} from '../../src/reports/index.ts';
import { formatIsoDate, localDateOf } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { validate } from '../forms.ts';
import { ReportPage } from '../pages/reports.tsx';
import { pageContext } from '../ui/page-context.ts';
import { csvResponse, jsonValidationError, toCsv } from './helpers.ts';
import { type ReportQuery, reportQuerySchema } from './reports.schema.ts';

export function reportRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('reports'));

  const readQuery = (c: Context<AdminEnv>) => {
    const today = localDateOf(deps.clock(), deps.timeZone);
    const shown = {
      from: c.req.query('from') ?? formatIsoDate({ ...today, day: 1 }),
      to: c.req.query('to') ?? formatIsoDate(today),
      granularity: c.req.query('granularity') ?? 'day',
    };
    return { shown, parsed: validate(reportQuerySchema, shown) };
  };
  const revenue = (q: ReportQuery) => revenueReport(deps.db, { ...q, timeZone: deps.timeZone });
  const period = (q: ReportQuery) => ({ from: q.from, to: q.to, timeZone: deps.timeZone });

  app.get('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const { shown, parsed } = readQuery(c);
    if (!parsed.ok) return c.html(<ReportPage ctx={ctx} query={shown} errors={parsed.errors} />, 400);
    const [report, items, sessions, complaints, ratings] = await Promise.all([
      revenue(parsed.data),
      itemsSoldReport(deps.db, period(parsed.data)),
      sessionOutcomes(deps.db, period(parsed.data)),
      complaintStats(deps.db, period(parsed.data)),
      ratingTrend(deps.db, period(parsed.data)),
    ]);
    return c.html(
      <ReportPage
        ctx={ctx}
        query={shown}
        report={report}
        items={items}
        sessions={sessions}
        satisfaction={{ complaints, ratings }}
      />,
    );
  });

  app.get('/revenue.csv', async (c) => {
    const { parsed } = readQuery(c);
    if (!parsed.ok) return jsonValidationError(c, parsed.errors);
    const t = c.get('t');
    const report = await revenue(parsed.data);
    const rows = [
      [t('admin.rep.period'), t('admin.rep.bookings'), t('admin.rep.revenue')],
      ...report.periods.map((p) => [p.period, p.count, p.revenue]),
    ];
    rows.push([t('admin.common.total'), report.total.count, report.total.revenue]);
    return csvResponse(c, `pendapatan_${parsed.data.from}_${parsed.data.to}.csv`, toCsv(rows));
  });

  app.get('/items.csv', async (c) => {
    const { parsed } = readQuery(c);
    if (!parsed.ok) return jsonValidationError(c, parsed.errors);
    const t = c.get('t');
    const sold = await itemsSoldReport(deps.db, period(parsed.data));
    // The last rows take the lines to the revenue report's total for the same period.
    const rows = [
      [
        t('admin.common.code'),
        t('admin.common.package'),
        t('admin.prd.category'),
        t('admin.rep.quantity'),
        t('admin.rep.listPrice'),
        t('admin.res.discount'),
        t('admin.rep.revenue'),
      ],
      ...sold.items.map((i) => [
        i.code,
        i.name,
        i.category,
        i.quantity,
        i.listRevenue,
        -i.discount,
        i.revenue,
      ]),
      ['', t('admin.rep.bookingDiscounts'), '', '', '', '', -sold.bookingDiscounts],
      ['', t('admin.common.total'), '', '', '', '', sold.revenue],
    ];
    return csvResponse(c, `produk_terjual_${parsed.data.from}_${parsed.data.to}.csv`, toCsv(rows));
  });
  return app;
}
