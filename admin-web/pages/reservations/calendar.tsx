import type { FC } from 'hono/jsx';
import type { ReservationListRow } from '../../../src/reservations/types.ts';
import { addDays, type LocalDate, zonedTimeToInstant } from '../../../src/time.ts';
import { href } from '../../ui/components.tsx';
import { isoDay, time } from '../../ui/format.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';

export type CalendarRow = ReservationListRow;
export const CalendarPage: FC<{
  ctx: PageContext;
  view: 'day' | 'week';
  start: LocalDate;
  days: LocalDate[];
  rows: CalendarRow[];
  today: string;
}> = ({ ctx, view, start, days, rows, today }) => {
  const { t } = ctx;
  const iso = (d: LocalDate) =>
    `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  const step = view === 'day' ? 1 : 7;
  const byDay = new Map<string, CalendarRow[]>();
  for (const row of rows) {
    const key = isoDay(ctx, row.startAt);
    byDay.set(key, [...(byDay.get(key) ?? []), row]);
  }
  return (
    <Layout ctx={ctx} title={t('admin.nav.calendar')}>
      <div class="btn-row" style="margin-bottom:1rem">
        <a class="btn secondary" href={href('/admin/calendar', { view, date: iso(addDays(start, -step)) })}>
          « {t('admin.cal.prev')}
        </a>
        <a class="btn secondary" href={href('/admin/calendar', { view, date: today })}>
          {t('admin.cal.today')}
        </a>
        <a class="btn secondary" href={href('/admin/calendar', { view, date: iso(addDays(start, step)) })}>
          {t('admin.cal.next')} »
        </a>
        <a
          class={`btn ${view === 'day' ? 'primary' : 'secondary'}`}
          href={href('/admin/calendar', { view: 'day', date: iso(start) })}
        >
          {t('admin.cal.day')}
        </a>
        <a
          class={`btn ${view === 'week' ? 'primary' : 'secondary'}`}
          href={href('/admin/calendar', { view: 'week', date: iso(start) })}
        >
          {t('admin.cal.week')}
        </a>
      </div>
      <div class={`calendar ${view}`}>
        {days.map((d) => {
          const key = iso(d);
          const items = byDay.get(key) ?? [];
          const noon = zonedTimeToInstant(d, '12:00', ctx.timeZone);
          return (
            <section class={`cal-day${key === today ? ' today' : ''}`}>
              <h3>
                {new Intl.DateTimeFormat(ctx.locale === 'id' ? 'id-ID' : 'en-GB', {
                  timeZone: ctx.timeZone,
                  weekday: 'short',
                  day: 'numeric',
                  month: 'short',
                }).format(noon)}
              </h3>
              {items.length === 0 ? <p class="muted small">{t('admin.cal.free')}</p> : null}
              {items.map((r) => (
                <a class={`cal-item ${r.status}`} href={`/admin/reservations/${r.id}`}>
                  <strong>{time(ctx, r.startAt)}</strong> {r.customerName}
                  <div class="small muted">
                    {r.packageName} · {t(`common.status.${r.status}`)}
                  </div>
                </a>
              ))}
            </section>
          );
        })}
      </div>
    </Layout>
  );
};
