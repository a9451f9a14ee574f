import type { FC } from 'hono/jsx';
import { reservationStatuses } from '../../db/schema/index.ts';
import { formatPhone } from '../../src/i18n/index.ts';
import { canTransition } from '../../src/reservations/index.ts';
import type { ReservationDetail, ReservationListRow } from '../../src/reservations/types.ts';
import type { listAudit } from '../../src/staff/index.ts';
import { addDays, type LocalDate } from '../../src/time.ts';
import type { FieldErrors } from '../forms.ts';
import { instantAt } from '../routes/helpers.ts';
import { Card, Csrf, Empty, Field, href, Pager, StatusBadge, TextArea } from '../ui/components.tsx';
import { isoDay, rupiah, shortWhen, time, when } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, translateMaybe } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';

export interface ListQuery {
  status: string;
  from: string;
  to: string;
  q: string;
}

export const ReservationTable: FC<{ ctx: PageContext; rows: ReservationListRow[] }> = ({ ctx, rows }) => {
  const { t } = ctx;
  return (
    <DataTable
      count={rows.length}
      empty={t('admin.res.none')}
      columns={[
        t('admin.common.code'),
        t('admin.common.schedule'),
        t('admin.common.customer'),
        t('admin.common.package'),
        { label: t('admin.common.total'), num: true },
        t('admin.common.status'),
      ]}
    >
      {rows.map((r) => (
        <tr class="row-link">
          <td class="nowrap">
            <a href={`/admin/reservations/${r.id}`}>{r.code}</a>
          </td>
          <td>{shortWhen(ctx, r.startAt)}</td>
          <td>
            {r.customerName}
            <div class="muted small">{formatPhone(r.customerPhone)}</div>
          </td>
          <td>{r.packageName}</td>
          <td class="num">{rupiah(r.total)}</td>
          <td>
            <StatusBadge t={t} status={r.status} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
};

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
        <ReservationTable ctx={ctx} rows={rows} />
        <Pager
          t={t}
          nextHref={nextCursor ? href('/admin/reservations', { ...query, cursor: nextCursor }) : undefined}
          firstHref={cursor ? href('/admin/reservations', { ...query }) : undefined}
        />
      </section>
    </Layout>
  );
};

export const itemsTable = (ctx: PageContext, detail: ReservationDetail) => {
  const { reservation: r, items } = detail;
  const { t } = ctx;
  return (
    <DataTable>
      {items.map((item) => (
        <tr>
          <td>
            {item.name}
            {item.quantity > 1 ? ` × ${item.quantity}` : ''}
            {item.kind === 'addon' ? <span class="muted small"> · {t('admin.res.addon')}</span> : null}
          </td>
          <td class="num">{rupiah(item.lineTotal)}</td>
        </tr>
      ))}
      {r.discount > 0 ? (
        <tr>
          <td>{t('admin.res.discount')}</td>
          <td class="num">-{rupiah(r.discount)}</td>
        </tr>
      ) : null}
      {r.pointsRedeemed > 0 ? (
        <tr>
          <td>{t('admin.res.pointsRedeemed', { points: r.pointsRedeemed })}</td>
          <td class="num">-{rupiah(r.subtotal - r.discount - r.total)}</td>
        </tr>
      ) : null}
      <tr class="total">
        <td>{t('admin.common.total')}</td>
        <td class="num">{rupiah(r.total)}</td>
      </tr>
    </DataTable>
  );
};

export type AuditRows = Awaited<ReturnType<typeof listAudit>>;

export const DetailPage: FC<{
  ctx: PageContext;
  detail: ReservationDetail;
  names: Map<number, string>;
  audit: AuditRows;
  alert?: string | undefined;
  errors?: FieldErrors | undefined;
  values?: Record<string, string>;
}> = ({ ctx, detail, names, audit, alert, errors, values }) => {
  const { t } = ctx;
  const r = detail.reservation;
  const can = (action: 'confirm' | 'cancel' | 'complete' | 'reschedule') => canTransition(r.status, action);
  const base = `/admin/reservations/${r.id}`;
  return (
    <Layout ctx={ctx} title={`${t('admin.res.booking')} ${r.code}`}>
      {alert ? (
        <div class="alert error" role="alert">
          {alert}
        </div>
      ) : null}
      <div class="grid">
        <Card title={<StatusBadge t={t} status={r.status} />}>
          <dl class="facts">
            <dt>{t('admin.common.schedule')}</dt>
            <dd>
              <strong>{when(ctx, r.startAt)}</strong> – {time(ctx, r.endAt)}
            </dd>
            <dt>{t('admin.common.customer')}</dt>
            <dd>
              <a href={`/admin/customers/${detail.customer.id}`}>{detail.customer.name}</a>{' '}
              <span class="muted">({detail.customer.code})</span>
              <div>{formatPhone(detail.customer.phone)}</div>
            </dd>
            {r.channel ? (
              <>
                <dt>{t('admin.res.channel')}</dt>
                <dd>{t(`common.channel.${r.channel}`)}</dd>
              </>
            ) : null}
            {r.status === 'pending_payment' && r.paymentDeadline ? (
              <>
                <dt>{t('admin.res.deadline')}</dt>
                <dd>{when(ctx, r.paymentDeadline)}</dd>
              </>
            ) : null}
            {r.confirmedAt ? (
              <>
                <dt>{t('admin.res.confirmedBy')}</dt>
                <dd>
                  {names.get(r.confirmedById ?? 0) ?? '—'} · {when(ctx, r.confirmedAt)}
                </dd>
              </>
            ) : null}
            {r.cancelledAt ? (
              <>
                <dt>{t('admin.res.cancelledBy')}</dt>
                <dd>
                  {r.cancelledBy === 'staff'
                    ? (names.get(r.cancelledById ?? 0) ?? '—')
                    : t(`admin.res.by.${r.cancelledBy ?? 'system'}`)}{' '}
                  · {when(ctx, r.cancelledAt)}
                  <div class="muted">“{r.cancelReason}”</div>
                </dd>
              </>
            ) : null}
            {r.completedAt ? (
              <>
                <dt>{t('admin.res.completedBy')}</dt>
                <dd>
                  {names.get(r.completedById ?? 0) ?? '—'} · {when(ctx, r.completedAt)}
                </dd>
              </>
            ) : null}
            {r.customerNote ? (
              <>
                <dt>{t('admin.res.note')}</dt>
                <dd>{r.customerNote}</dd>
              </>
            ) : null}
          </dl>
          <h3>{t('admin.res.items')}</h3>
          {itemsTable(ctx, detail)}
        </Card>
        <Card title={t('admin.res.proof')}>
          {detail.proofs.length === 0 ? (
            <Empty>{t('admin.res.noProof')}</Empty>
          ) : (
            detail.proofs.map((proof, index) => (
              <figure class="proof">
                <a href={`/admin/files/${proof.fileId}`} target="_blank" rel="noopener" data-proof>
                  <img
                    src={`/admin/files/${proof.fileId}`}
                    alt={t('admin.res.proofAlt', { n: index + 1 })}
                    loading="lazy"
                  />
                </a>
                <figcaption class="muted small">
                  {t('admin.res.proofSent')} {when(ctx, proof.createdAt)}
                </figcaption>
              </figure>
            ))
          )}
        </Card>
      </div>
      <Card title={t('admin.res.actions')}>
        <div class="actions-panel">
          {can('confirm') ? (
            <form method="post" action={`${base}/confirm`}>
              <Csrf ctx={ctx} />
              <button type="submit" class="btn success big">
                {t('admin.res.confirm')}
              </button>
              <p class="hint">{t('admin.res.confirmHint')}</p>
            </form>
          ) : null}
          {can('complete') ? (
            <form method="post" action={`${base}/complete`} data-confirm={t('admin.res.completeAsk')}>
              <Csrf ctx={ctx} />
              <button type="submit" class="btn primary big">
                {t('admin.res.complete')}
              </button>
            </form>
          ) : null}
          {can('reschedule') ? (
            <details open={Boolean(errors?.date || errors?.time || errors?.slot)}>
              <summary>{t('admin.res.reschedule')}</summary>
              <form method="post" action={`${base}/reschedule`} class="stack">
                <Csrf ctx={ctx} />
                <Field
                  t={t}
                  name="date"
                  type="date"
                  label={t('admin.common.date')}
                  value={values?.date ?? isoDay(ctx, r.startAt)}
                  errors={errors}
                  required
                />
                <Field
                  t={t}
                  name="time"
                  type="time"
                  label={t('admin.res.time')}
                  value={values?.time ?? time(ctx, r.startAt).slice(0, 5).replace('.', ':')}
                  errors={errors}
                  required
                />
                {errors?.slot ? <p class="field-error">{errors.slot}</p> : null}
                <div>
                  <button type="submit" class="btn primary">
                    {t('admin.res.rescheduleSubmit')}
                  </button>
                </div>
              </form>
            </details>
          ) : null}
          {can('cancel') ? (
            <details open={Boolean(errors?.reason)}>
              <summary>{t('admin.res.cancel')}</summary>
              <form method="post" action={`${base}/cancel`} class="stack">
                <Csrf ctx={ctx} />
                <TextArea
                  t={t}
                  name="reason"
                  label={t('admin.res.cancelReason')}
                  value={values?.reason}
                  errors={errors}
                  rows={3}
                  hint={t('admin.res.cancelHint')}
                  required
                />
                <div>
                  <button type="submit" class="btn danger">
                    {t('admin.res.cancelSubmit')}
                  </button>
                </div>
              </form>
            </details>
          ) : null}
          {!can('confirm') && !can('complete') && !can('cancel') ? (
            <p class="muted">{t('admin.res.noActions')}</p>
          ) : null}
        </div>
      </Card>
      {audit.length > 0 ? (
        <Card title={t('admin.res.history')}>
          <ul class="small">
            {audit.map((a) => (
              <li>
                {when(ctx, a.createdAt)} · {a.staffName ?? '—'} ·{' '}
                {translateMaybe(t, `admin.audit.${a.action}`)}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </Layout>
  );
};

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
          const noon = instantAt(d, '12:00', ctx.timeZone);
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
