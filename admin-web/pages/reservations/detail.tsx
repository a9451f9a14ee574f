import type { FC } from 'hono/jsx';
import type { MessageHistoryEntry } from '../../../src/messaging/outbox-store.ts';
import { MessageHistory } from './messages.tsx';
import { formatPhone, formatTimeRange, t } from '../../../src/i18n/index.ts';
import { canTransition, sessionMayBeClosed } from '../../../src/reservations/index.ts';
import type { ReservationDetail } from '../../../src/reservations/types.ts';
import type { listAudit } from '../../../src/staff/index.ts';
import type { FieldErrors } from '../../forms.ts';
import { Card, Csrf, Empty, ErrorAlert, Field, StatusBadge, TextArea } from '../../ui/components.tsx';
import { day, isoDay, rupiah, time, when, withZone } from '../../ui/format.ts';
import { Layout } from '../../ui/layout.tsx';
import { type PageContext, translateMaybe } from '../../ui/page-context.ts';
import { DataTable } from '../../ui/table.tsx';

const itemsTable = (ctx: PageContext, detail: ReservationDetail) => {
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
/**
 * The chat writes a fixed reason when a customer cancels there, in the chat's language; staff read it in
 * their own. Reasons staff typed are shown as typed.
 */
function cancelReasonForStaff(ctx: PageContext, r: ReservationDetail['reservation']): string | null {
  const chatReasons = (['id', 'en'] as const).map((locale) => t(locale, 'chat.my.cancelReason'));
  if (r.cancelledBy === 'customer' && r.cancelReason && chatReasons.includes(r.cancelReason))
    return ctx.t('chat.my.cancelReason');
  return r.cancelReason;
}

export type AuditRows = Awaited<ReturnType<typeof listAudit>>;
export const DetailPage: FC<{
  ctx: PageContext;
  detail: ReservationDetail;
  names: Map<number, string>;
  audit: AuditRows;
  /** The booking's messages to the customer and what became of each (the outbox's rows). */
  messages?: MessageHistoryEntry[];
  alert?: string | undefined;
  errors?: FieldErrors | undefined;
  values?: Record<string, string>;
  /** The clock's now: a session is marked completed or no-show only once it has started. */
  now: Date;
}> = ({ ctx, detail, names, audit, messages = [], alert, errors, values, now }) => {
  const { t } = ctx;
  const r = detail.reservation;
  const can = (action: 'confirm' | 'cancel' | 'complete' | 'reschedule') => canTransition(r.status, action);
  const closable = sessionMayBeClosed(r, now);
  const base = `/admin/reservations/${r.id}`;
  return (
    <Layout ctx={ctx} title={`${t('admin.res.booking')} ${r.code}`}>
      <ErrorAlert message={alert} />
      <div class="grid">
        <Card title={<StatusBadge t={t} status={r.status} />}>
          <dl class="facts">
            <dt>{t('admin.common.schedule')}</dt>
            <dd>
              <strong>
                {day(ctx, r.startAt)}, {formatTimeRange(r.startAt, r.endAt, ctx.locale, ctx.timeZone)}
              </strong>
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
                  <div class="muted">“{cancelReasonForStaff(ctx, r)}”</div>
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
            {r.noShowAt ? (
              <>
                <dt>{t('admin.res.noShowBy')}</dt>
                <dd>
                  {names.get(r.noShowById ?? 0) ?? '—'} · {when(ctx, r.noShowAt)}
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
          {closable ? (
            <div class="btn-row">
              <form method="post" action={`${base}/complete`} data-confirm={t('admin.res.completeAsk')}>
                <Csrf ctx={ctx} />
                <button type="submit" class="btn primary big">
                  {t('admin.res.complete')}
                </button>
              </form>
              <form method="post" action={`${base}/no-show`} data-confirm={t('admin.res.noShowAsk')}>
                <Csrf ctx={ctx} />
                <button type="submit" class="btn secondary big">
                  {t('admin.res.noShow')}
                </button>
              </form>
            </div>
          ) : can('complete') ? (
            <p class="hint">{t('admin.res.closeAfterStart', { when: when(ctx, r.startAt) })}</p>
          ) : null}
          {can('reschedule') ? (
            <details open={Boolean(errors?.date || errors?.time || errors?.allowDoubleBooking)}>
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
                  label={withZone(ctx, t('admin.res.time'))}
                  value={values?.time ?? time(ctx, r.startAt).slice(0, 5).replace('.', ':')}
                  errors={errors}
                  required
                />
                {errors?.allowDoubleBooking || values?.allowDoubleBooking ? (
                  <label class="check">
                    <input
                      type="checkbox"
                      name="allowDoubleBooking"
                      value="1"
                      checked={values?.allowDoubleBooking === '1'}
                    />{' '}
                    {t('admin.res.allowDoubleBooking')}
                  </label>
                ) : null}
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
      <MessageHistory ctx={ctx} messages={messages} />
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
