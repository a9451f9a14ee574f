import type { FC } from 'hono/jsx';
import type { ItemsSoldReport, RevenueReport, SessionOutcomes } from '../../src/reports/index.ts';
import type { FieldErrors } from '../forms.ts';
import { ColumnChart } from '../ui/charts.tsx';
import { Card, Field, FieldError, href } from '../ui/components.tsx';
import { formatNumber } from '../../src/i18n/index.ts';
import { compactRupiah, periodLabel, rupiah } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, translateMaybe } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';
import { type Satisfaction, SatisfactionCards } from './reports-satisfaction.tsx';

export const ReportPage: FC<{
  ctx: PageContext;
  query: Record<string, string>;
  report?: RevenueReport;
  items?: ItemsSoldReport;
  sessions?: SessionOutcomes;
  satisfaction?: Satisfaction;
  errors?: FieldErrors;
}> = ({ ctx, query, report, items, sessions, satisfaction, errors }) => {
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
            {sessions ? (
              <>
                <div class="stat">
                  <div class="label">{t('admin.rep.completedSessions')}</div>
                  <div class="value">{sessions.completed}</div>
                  <div class="sub">{t('admin.rep.notMarkedYet', { count: sessions.confirmed })}</div>
                </div>
                <div class={`stat${sessions.noShow > 0 ? ' attention' : ''}`}>
                  <div class="label">{t('admin.rep.noShows')}</div>
                  <div class="value">{sessions.noShow}</div>
                  <div class="sub">
                    {sessions.noShowRate !== null
                      ? t('admin.rep.noShowRate', { rate: formatNumber(sessions.noShowRate, ctx.locale) })
                      : '—'}
                  </div>
                </div>
              </>
            ) : null}
          </div>
          <Card title={t('admin.rep.revenueTitle')}>
            {report.periods.length <= 62 ? (
              <ColumnChart
                rows={report.periods.map((p) => ({
                  label: p.period.slice(report.granularity === 'day' ? 8 : 5),
                  value: p.revenue,
                  display: compactRupiah(p.revenue, ctx.locale),
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
                  <td>{periodLabel(ctx, p.period)}</td>
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
              count={items.items.length}
              empty={t('admin.rep.noItems')}
              columns={[
                t('admin.common.package'),
                t('admin.prd.category'),
                { label: t('admin.rep.quantity'), num: true },
                { label: t('admin.res.discount'), num: true },
                { label: t('admin.rep.revenue'), num: true },
              ]}
            >
              {items.items.map((i) => (
                <tr>
                  <td>
                    {i.name} <span class="muted small">{i.code}</span>
                  </td>
                  <td>{translateMaybe(t, `common.category.${i.category}`)}</td>
                  <td class="num">{i.quantity}</td>
                  <td class="num">{i.discount > 0 ? `-${rupiah(i.discount)}` : ''}</td>
                  <td class="num">{rupiah(i.revenue)}</td>
                </tr>
              ))}
              {items.bookingDiscounts !== 0 ? (
                <tr>
                  <td colspan={4}>{t('admin.rep.bookingDiscounts')}</td>
                  <td class="num">-{rupiah(items.bookingDiscounts)}</td>
                </tr>
              ) : null}
              <tr class="total">
                <td colspan={4}>{t('admin.common.total')}</td>
                <td class="num">{rupiah(items.revenue)}</td>
              </tr>
            </DataTable>
          </Card>
          <p class="muted small">{t('admin.rep.note')}</p>
          {satisfaction ? <SatisfactionCards ctx={ctx} satisfaction={satisfaction} /> : null}
        </>
      ) : null}
    </Layout>
  );
};
