import type { FC } from 'hono/jsx';
import { reservationStatuses } from '../../../db/schema/index.ts';
import type { ReservationListRow } from '../../../src/reservations/types.ts';
import type { FieldErrors } from '../../forms.ts';
import { Field, FieldError, href, Pager } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';
import { ReservationTable } from './table.tsx';

export interface ListQuery {
  status: string;
  from: string;
  to: string;
  q: string;
}
export const ListPage: FC<{
  ctx: PageContext;
  today: string;
  query: ListQuery;
  rows: ReservationListRow[];
  nextCursor: string | undefined;
  cursor: string;
  errors?: FieldErrors | undefined;
}> = ({ ctx, today, query, rows, nextCursor, cursor, errors }) => {
  const { t } = ctx;
  const statusOptions = reservationStatuses.map((s) => ({
    value: s,
    label: t(`common.status.${s}`),
  }));
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.reservations')}
      actions={
        <a class="btn secondary" href="/admin/calendar">
          {t('admin.nav.calendar')}
        </a>
      }
    >
      <nav class="btn-row" style="margin-bottom:1rem">
        <a class="btn secondary" href={href('/admin/reservations', { from: today, to: today })}>
          {t('admin.cal.today')}
        </a>
        <a class="btn secondary" href="/admin/reservations?status=awaiting_confirmation">
          {t('common.status.awaiting_confirmation')}
        </a>
        <a class="btn secondary" href="/admin/reservations?status=pending_payment">
          {t('common.status.pending_payment')}
        </a>
        <a class="btn secondary" href="/admin/reservations?status=confirmed">
          {t('common.status.confirmed')}
        </a>
      </nav>
      <form method="get" action="/admin/reservations" class="filters card">
        <div class="field">
          <label for="f-q">{t('admin.res.search')}</label>
          <input id="f-q" type="search" name="q" value={query.q} placeholder={t('admin.res.searchHint')} />
        </div>
        <div class={`field${errors?.status ? ' invalid' : ''}`}>
          <label for="f-status">{t('admin.common.status')}</label>
          <select id="f-status" name="status">
            <option value="">{t('admin.form.all')}</option>
            {statusOptions.map((o) => (
              <option value={o.value} selected={o.value === query.status}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <Field t={t} name="from" type="date" label={t('admin.res.from')} value={query.from} errors={errors} />
        <Field t={t} name="to" type="date" label={t('admin.res.to')} value={query.to} errors={errors} />
        <button type="submit" class="btn primary">
          {t('admin.form.filter')}
        </button>
        <a class="btn secondary" href="/admin/reservations">
          {t('admin.form.reset')}
        </a>
      </form>
      <section class="card">
        <FieldError t={t} name="cursor" errors={errors} />
        <ReservationTable
          ctx={ctx}
          rows={rows}
          empty={
            Object.values(query).some(Boolean) || cursor || errors
              ? t('admin.res.none')
              : t('admin.res.noneYet')
          }
        />
        <Pager
          t={t}
          nextHref={nextCursor ? href('/admin/reservations', { ...query, cursor: nextCursor }) : undefined}
          firstHref={cursor ? href('/admin/reservations', { ...query }) : undefined}
        />
      </section>
    </Layout>
  );
};
