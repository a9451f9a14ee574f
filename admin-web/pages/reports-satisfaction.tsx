import type { FC } from 'hono/jsx';
import { formatNumber } from '../../src/i18n/index.ts';
import type { ComplaintStats, RatingTrendPoint } from '../../src/reports/index.ts';
import { ColumnChart } from '../ui/charts.tsx';
import { Card, Empty } from '../ui/components.tsx';
import { duration, periodLabel, stars } from '../ui/format.ts';
import { shortMonthLabel } from '../ui/month-label.ts';
import type { PageContext } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';

export interface Satisfaction {
  complaints: ComplaintStats;
  ratings: RatingTrendPoint[];
}

/** How quickly complaints of the period were answered, and how customers rated the studio month by month. */
export const SatisfactionCards: FC<{ ctx: PageContext; satisfaction: Satisfaction }> = ({
  ctx,
  satisfaction: { complaints, ratings },
}) => {
  const { t, locale } = ctx;
  const replyTime = (minutes: number | null) =>
    minutes === null
      ? t('admin.rep.noReplyYet')
      : minutes < 1
        ? t('admin.rep.underAMinute')
        : duration(ctx, minutes);
  const rated = ratings.filter((r) => r.count > 0);
  return (
    <div class="grid">
      <Card title={t('admin.rep.complaintsTitle')}>
        {complaints.opened === 0 ? (
          <Empty>{t('admin.rep.noComplaints')}</Empty>
        ) : (
          <DataTable>
            <tr>
              <td>{t('admin.rep.complaintsOpened')}</td>
              <td class="num">{complaints.opened}</td>
            </tr>
            <tr>
              <td>{t('admin.rep.complaintsAnswered')}</td>
              <td class="num">{complaints.answered}</td>
            </tr>
            <tr>
              <td>{t('admin.rep.complaintsAwaiting')}</td>
              <td class="num">{complaints.awaitingReply}</td>
            </tr>
            <tr>
              <td>{t('admin.rep.complaintsClosed')}</td>
              <td class="num">{complaints.closed}</td>
            </tr>
            <tr>
              <td>{t('admin.rep.firstReplyAverage')}</td>
              <td class="num">{replyTime(complaints.averageFirstReplyMinutes)}</td>
            </tr>
            <tr>
              <td>{t('admin.rep.firstReplyMedian')}</td>
              <td class="num">{replyTime(complaints.medianFirstReplyMinutes)}</td>
            </tr>
          </DataTable>
        )}
        <p class="muted small">{t('admin.rep.complaintsNote')}</p>
      </Card>
      <Card title={t('admin.rep.ratingTrendTitle')}>
        {rated.length === 0 ? (
          <Empty>{t('admin.rep.noRatings')}</Empty>
        ) : (
          <>
            {ratings.length > 1 ? (
              <ColumnChart
                rows={ratings.map((r) => ({
                  label: shortMonthLabel(r.period, locale, { year: true }),
                  value: r.average ?? 0,
                  display: r.average === null ? '' : formatNumber(r.average, locale),
                }))}
              />
            ) : null}
            <DataTable
              columns={[
                t('admin.rep.month'),
                { label: t('admin.rep.ratingCount'), num: true },
                { label: t('admin.rep.ratingAverage'), num: true },
              ]}
            >
              {rated.map((r) => (
                <tr>
                  <td>{periodLabel(ctx, r.period)}</td>
                  <td class="num">{r.count}</td>
                  <td class="num">
                    {formatNumber(r.average ?? 0, locale)} <span class="stars">{stars(r.average ?? 0)}</span>
                  </td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </Card>
    </div>
  );
};
