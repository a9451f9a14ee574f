import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { z } from 'zod';
import { type ItemSold, itemsSold, type RevenueReport, revenueReport } from '../../src/reports/index.ts';
import { formatIsoDate, localDateOf, parseIsoDate } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, validate } from '../forms.ts';
import { ColumnChart } from '../ui/charts.tsx';
import { Card, Field, FieldError, href } from '../ui/components.tsx';
import { rupiah } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext, translateMaybe } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';
import { csvResponse, jsonValidationError, toCsv } from './helpers.ts';

const isoDate = z
  .string()
  .trim()
  .refine((v) => parseIsoDate(v) !== undefined, 'admin.v.date');
export const reportQuerySchema = z
  .object({ from: isoDate, to: isoDate, granularity: z.enum(['day', 'month'], 'admin.v.choose') })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'admin.v.dateOrder' })
  .refine((q) => q.granularity === 'month' || Date.parse(q.to) - Date.parse(q.from) <= 730 * 86_400_000, {
    path: ['granularity'],
    message: 'admin.v.periodTooLong',
  });
type ReportQuery = z.output<typeof reportQuerySchema>;

const ReportPage: FC<{
  ctx: PageContext;
  query: Record<string, string>;
  report?: RevenueReport;
  items?: ItemSold[];
  errors?: FieldErrors;
}> = ({ ctx, query, report, items, errors }) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.reports')}
      actions={
        report ? (
          <>
            <a class="btn secondary" href={href('/admin/reports/revenue.csv', query)}>
              {t('admin.rep.revenueCsv')}
            </a>
            <a class="btn secondary" href={href('/admin/reports/items.csv', query)}>
              {t('admin.rep.itemsCsv')}
            </a>
            <a class="btn secondary" href={href('/admin/reports', { ...query, print: '1' })} data-print>
              {t('admin.common.print')}
            </a>
          </>
        ) : undefined
      }
    >
      <form method="get" action="/admin/reports" class="filters card">
        <Field t={t} name="from" type="date" label={t('admin.res.from')} value={query.from} errors={errors} />
        <Field t={t} name="to" type="date" label={t('admin.res.to')} value={query.to} errors={errors} />
        <div class={`field${errors?.granularity ? ' invalid' : ''}`}>
          <label for="f-granularity">{t('admin.rep.per')}</label>
          <select id="f-granularity" name="granularity">
            <option value="day" selected={query.granularity === 'day'}>
              {t('admin.rep.day')}
            </option>
            <option value="month" selected={query.granularity === 'month'}>
              {t('admin.rep.month')}
            </option>
          </select>
          <FieldError t={t} name="granularity" errors={errors} />
        </div>
        <button type="submit" class="btn primary">
          {t('admin.form.filter')}
        </button>
      </form>
      {report && items ? (
        <>
          <div class="stats">
            <div class="stat">
              <div class="label">{t('admin.rep.bookings')}</div>
              <div class="value">{report.total.count}</div>
            </div>
            <div class="stat">
              <div class="label">{t('admin.rep.revenue')}</div>
              <div class="value">{rupiah(report.total.revenue)}</div>
            </div>
          </div>
          <Card title={t('admin.rep.revenueTitle')}>
            {report.periods.length <= 62 ? (
              <ColumnChart
                rows={report.periods.map((p) => ({
                  label: p.period.slice(report.granularity === 'day' ? 8 : 5),
                  value: p.revenue,
                  display: rupiah(p.revenue),
                }))}
              />
            ) : null}
            <DataTable
              columns={[
                t('admin.rep.period'),
                { label: t('admin.rep.bookings'), num: true },
                { label: t('admin.rep.revenue'), num: true },
              ]}
            >
              {report.periods.map((p) => (
                <tr>
                  <td>{p.period}</td>
                  <td class="num">{p.count}</td>
                  <td class="num">{rupiah(p.revenue)}</td>
                </tr>
              ))}
              <tr class="total">
                <td>{t('admin.common.total')}</td>
                <td class="num">{report.total.count}</td>
                <td class="num">{rupiah(report.total.revenue)}</td>
              </tr>
            </DataTable>
          </Card>
          <Card title={t('admin.rep.itemsTitle')}>
            <DataTable
              count={items.length}
              empty={t('admin.rep.noItems')}
              columns={[
                t('admin.common.package'),
                t('admin.prd.category'),
                { label: t('admin.rep.quantity'), num: true },
                { label: t('admin.rep.revenue'), num: true },
              ]}
            >
              {items.map((i) => (
                <tr>
                  <td>
                    {i.name} <span class="muted small">{i.code}</span>
                  </td>
                  <td>{translateMaybe(t, `common.category.${i.category}`)}</td>
                  <td class="num">{i.quantity}</td>
                  <td class="num">{rupiah(i.revenue)}</td>
                </tr>
              ))}
            </DataTable>
          </Card>
          <p class="muted small">{t('admin.rep.note')}</p>
        </>
      ) : null}
    </Layout>
  );
};

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
  const run = (q: ReportQuery) =>
    Promise.all([
      revenueReport(deps.db, { ...q, timeZone: deps.timeZone }),
      itemsSold(deps.db, { from: q.from, to: q.to, timeZone: deps.timeZone }),
    ]);

  app.get('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const { shown, parsed } = readQuery(c);
    if (!parsed.ok) return c.html(<ReportPage ctx={ctx} query={shown} errors={parsed.errors} />, 400);
    const [report, items] = await run(parsed.data);
    return c.html(<ReportPage ctx={ctx} query={shown} report={report} items={items} />);
  });

  app.get('/revenue.csv', async (c) => {
    const { parsed } = readQuery(c);
    if (!parsed.ok) return jsonValidationError(c, parsed.errors);
    const t = c.get('t');
    const [report] = await run(parsed.data);
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
    const [, items] = await run(parsed.data);
    const rows = [
      [
        t('admin.common.code'),
        t('admin.common.package'),
        t('admin.prd.category'),
        t('admin.rep.quantity'),
        t('admin.rep.revenue'),
      ],
      ...items.map((i) => [i.code, i.name, i.category, i.quantity, i.revenue]),
    ];
    return csvResponse(c, `produk_terjual_${parsed.data.from}_${parsed.data.to}.csv`, toCsv(rows));
  });
  return app;
}
