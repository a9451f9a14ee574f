import type { FC } from 'hono/jsx';
import type { OwedSummary } from '../../src/messaging/outbox-store.ts';
import { MessagesWaiting } from './messages-waiting.tsx';
import { formatNumber } from '../../src/i18n/index.ts';
import {
  CATEGORY_DAYS,
  type DashboardCharts,
  type DashboardSummary,
  type SessionSummary,
} from '../../src/reports/index.ts';
import { BarList, ColumnChart } from '../ui/charts.tsx';
import { Card, Empty, StatusBadge } from '../ui/components.tsx';
import { compactRupiah, duration, shortWhen, stars, time } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { shortMonthLabel } from '../ui/month-label.ts';
import { type PageContext, translateMaybe } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';

const SessionList: FC<{ ctx: PageContext; rows: SessionSummary[]; withDate: boolean }> = ({
  ctx,
  rows,
  withDate,
}) => (
  <DataTable>
    {rows.map((s) => (
      <tr class="row-link">
        <td class="small">{withDate ? shortWhen(ctx, s.startAt) : time(ctx, s.startAt)}</td>
        <td>
          <a href={`/admin/reservations/${s.reservationId}`}>{s.customerName}</a>
          <div class="muted small">{s.items}</div>
        </td>
        <td>
          <StatusBadge t={ctx.t} status={s.status} />
        </td>
      </tr>
    ))}
  </DataTable>
);
export const DashboardPage: FC<{
  ctx: PageContext;
  summary: DashboardSummary;
  /** Read together at charts.at (cached up to a minute): the revenue card and the charts. */
  charts: DashboardCharts;
  /** Messages to customers still owed (read fresh). */
  owed?: OwedSummary;
}> = ({ ctx, summary, charts, owed }) => {
  const { t, locale } = ctx;
  const { proofsWaiting, rating } = summary;
  const { revenue, categories } = charts;
  const change =
    revenue && revenue.lastMonth.revenue > 0
      ? Math.round(
          (100 * (revenue.thisMonth.revenue - revenue.lastMonth.revenue)) / revenue.lastMonth.revenue,
        )
      : null;
  const asOf = <p class="muted small">{t('admin.dash.asOf', { time: time(ctx, charts.at) })}</p>;
  return (
    <Layout ctx={ctx} title={t('admin.dash.title')}>
      <MessagesWaiting ctx={ctx} owed={owed} />
      {ctx.staff.mustChangePassword ? (
        <div class="alert info" role="status">
          {t('admin.dash.generatedPassword')} <a href="/admin/password">{t('admin.nav.password')} »</a>
        </div>
      ) : null}
      <div class="stats">
        <a
          class={`stat${proofsWaiting.count > 0 ? ' attention' : ''}`}
          href="/admin/reservations?status=awaiting_confirmation"
        >
          <div class="label">{t('admin.dash.proofsWaiting')}</div>
          <div class="value">{proofsWaiting.count}</div>
          <div class="sub">
            {proofsWaiting.oldestWaitMinutes === null
              ? t('admin.dash.nothingWaiting')
              : proofsWaiting.oldestWaitMinutes < 1
                ? t('admin.dash.justArrived')
                : t('admin.dash.oldestWait', { wait: duration(ctx, proofsWaiting.oldestWaitMinutes) })}
          </div>
        </a>
        <div class="stat">
          <div class="label">{t('admin.dash.todaySessions')}</div>
          <div class="value">{summary.todaySessions.length}</div>
          <div class="sub">{t('admin.dash.upcomingCount', { count: summary.upcomingSessions.length })}</div>
        </div>
        {revenue ? (
          <div class="stat">
            <div class="label">{t('admin.dash.revenueThisMonth')}</div>
            <div class="value">{compactRupiah(revenue.thisMonth.revenue, locale)}</div>
            <div class="sub">
              {t('admin.dash.vsLastMonth', { amount: compactRupiah(revenue.lastMonth.revenue, locale) })}
              {change !== null ? ` (${change >= 0 ? '+' : ''}${change}%)` : ''}
            </div>
            <div class="sub">{t('admin.dash.asOf', { time: time(ctx, charts.at) })}</div>
          </div>
        ) : null}
        <div class="stat">
          <div class="label">{t('admin.dash.avgRating')}</div>
          <div class="value">{rating.average !== null ? formatNumber(rating.average, locale) : '—'}</div>
          <div class="sub">
            <span class="stars">{rating.average !== null ? stars(rating.average) : ''}</span>{' '}
            {t('admin.dash.ratingCount', { count: rating.count })}
          </div>
        </div>
        <a
          class={`stat${summary.complaints.open > 0 ? ' attention' : ''}`}
          href="/admin/complaints?status=open"
        >
          <div class="label">{t('admin.dash.openComplaints')}</div>
          <div class="value">{summary.complaints.open}</div>
          <div class="sub">{t('admin.dash.answeredComplaints', { count: summary.complaints.answered })}</div>
        </a>
      </div>
      <div class="grid">
        <Card title={t('admin.dash.today')}>
          {summary.todaySessions.length === 0 ? (
            <Empty>{t('admin.dash.noSessionsToday')}</Empty>
          ) : (
            <SessionList ctx={ctx} rows={summary.todaySessions} withDate={false} />
          )}
        </Card>
        <Card
          title={t('admin.dash.upcoming')}
          actions={<a href="/admin/calendar">{t('admin.nav.calendar')} »</a>}
        >
          {summary.upcomingSessions.length === 0 ? (
            <Empty>{t('admin.dash.noUpcoming')}</Empty>
          ) : (
            <SessionList ctx={ctx} rows={summary.upcomingSessions} withDate={true} />
          )}
        </Card>
      </div>
      <div class="grid">
        {revenue ? (
          <Card title={t('admin.dash.revenuePerMonth')}>
            <ColumnChart
              rows={revenue.months.periods.map((p) => ({
                label: shortMonthLabel(p.period, locale),
                value: p.revenue,
                display: compactRupiah(p.revenue, locale),
              }))}
            />
            {asOf}
          </Card>
        ) : null}
        <Card title={t('admin.dash.bookingsPerCategory', CATEGORY_DAYS)}>
          {categories.length === 0 ? (
            <Empty>{t('admin.dash.noBookings')}</Empty>
          ) : (
            <BarList
              rows={categories.map((c) => ({
                label: translateMaybe(t, `common.category.${c.category}`),
                value: c.count,
                display: String(c.count),
              }))}
            />
          )}
          {asOf}
        </Card>
        <Card title={t('admin.dash.ratingDistribution')}>
          <BarList
            alt
            rows={([5, 4, 3, 2, 1] as const).map((s) => ({
              label: `${s} ★`,
              value: rating.distribution[s],
              display: String(rating.distribution[s]),
            }))}
          />
        </Card>
      </div>
    </Layout>
  );
};
