import type { FC } from 'hono/jsx';
import type { ChannelIdentity, Customer } from '../../../src/customers/index.ts';
import type { Complaint, RatingRow } from '../../../src/feedback/index.ts';
import { formatPhone } from '../../../src/i18n/index.ts';
import type { PointsSummary } from '../../../src/loyalty/index.ts';
import type { ReservationListRow } from '../../../src/reservations/types.ts';
import { canAdjustPoints } from '../../../src/staff/index.ts';
import type { FieldErrors } from '../../forms.ts';
import { ActionButton, Card, Csrf, Empty, ErrorAlert, StatusBadge } from '../../ui/components.tsx';
import { shortWhen, stars, when } from '../../ui/format.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';
import { ReservationTable } from '../reservations/table.tsx';
import { LinkChatForm } from './link-chat.tsx';
import { PointsAdjustForm, PointsLedger } from './points.tsx';
import { KindBadge } from '../complaints.tsx';

export interface DetailData {
  customer: Customer;
  identities: ChannelIdentity[];
  reservations: ReservationListRow[];
  points: PointsSummary;
  ratings: RatingRow[];
  complaints: Complaint[];
}
export const DetailPage: FC<{
  ctx: PageContext;
  data: DetailData;
  errors?: FieldErrors;
  values?: Record<string, string>;
  alert?: string;
}> = ({ ctx, data, errors, values, alert }) => {
  const { t } = ctx;
  const c = data.customer;
  const admin = canAdjustPoints(ctx.staff.role);
  const anonymized = c.anonymizedAt !== null;
  return (
    <Layout
      ctx={ctx}
      title={anonymized ? t('admin.cus.anonymized') : c.name}
      actions={
        anonymized ? undefined : (
          <a class="btn secondary" href={`/admin/customers/${c.id}/edit`}>
            {t('admin.form.edit')}
          </a>
        )
      }
    >
      <ErrorAlert message={alert} />
      <div class="grid">
        <Card title={c.code}>
          <dl class="facts">
            <dt>{t('admin.common.phone')}</dt>
            <dd>{formatPhone(c.phone)}</dd>
            <dt>{t('admin.common.email')}</dt>
            <dd>{c.email ?? '—'}</dd>
            <dt>{t('admin.cus.address')}</dt>
            <dd>{c.address ?? '—'}</dd>
            <dt>{t('admin.cus.membership')}</dt>
            <dd>{t(`common.membership.${c.membership}`)}</dd>
            <dt>{t('admin.cus.points')}</dt>
            <dd>
              <strong>{data.points.balance}</strong>
            </dd>
            <dt>{t('admin.cus.promoOptIn')}</dt>
            <dd>{c.promoOptIn ? t('admin.form.yes') : t('admin.form.no')}</dd>
            <dt>{t('admin.cus.referralCode')}</dt>
            <dd>{anonymized ? '—' : c.referralCode}</dd>
            <dt>{t('admin.common.createdAt')}</dt>
            <dd>{when(ctx, c.createdAt)}</dd>
            {c.notes ? (
              <>
                <dt>{t('admin.cus.notes')}</dt>
                <dd>{c.notes}</dd>
              </>
            ) : null}
          </dl>
        </Card>
        <Card title={t('admin.cus.identities')}>
          {data.identities.length === 0 ? (
            <Empty>{t('admin.cus.noIdentities')}</Empty>
          ) : (
            <ul>
              {data.identities.map((i) => (
                <li>
                  <strong>{t(`common.channel.${i.channel}`)}</strong>{' '}
                  {i.displayName ? `· ${i.displayName}` : ''}
                  <div class="muted small">
                    {t('admin.cus.lastSeen')} {shortWhen(ctx, i.lastSeenAt)}
                    {i.unreachableAt ? ` · ${t('admin.cus.unreachable')}` : ''}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {c.phone && !anonymized ? (
            // Open where it is most likely needed: no chat yet, or a refused code to correct.
            <details open={data.identities.length === 0 || Boolean(errors?.code)} style="margin-top:1rem">
              <summary>{t('admin.cus.linkChat')}</summary>
              <LinkChatForm ctx={ctx} customerId={c.id} errors={errors} values={values} />
            </details>
          ) : null}
        </Card>
      </div>
      <Card title={t('admin.nav.reservations')}>
        <ReservationTable ctx={ctx} rows={data.reservations} withCustomer={false} />
      </Card>
      <div class="grid">
        <Card title={t('admin.cus.pointsHistory')}>
          <PointsLedger ctx={ctx} points={data.points} />
          {admin && !anonymized ? (
            <details open={Boolean(errors?.delta || errors?.note)} style="margin-top:1rem">
              <summary>{t('admin.points.adjust')}</summary>
              <PointsAdjustForm ctx={ctx} customerId={c.id} errors={errors} values={values} />
            </details>
          ) : null}
        </Card>
        <Card title={t('admin.nav.ratings')}>
          {data.ratings.length === 0 ? (
            <Empty>{t('admin.rat.none')}</Empty>
          ) : (
            <ul>
              {data.ratings.map((r) => (
                <li>
                  <span class="stars">{stars(r.stars)}</span> {r.productName}
                  {r.comment ? <div class="muted small">“{r.comment}”</div> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('admin.nav.complaints')}>
          {data.complaints.length === 0 ? (
            <Empty>{t('admin.cmp.none')}</Empty>
          ) : (
            <ul>
              {data.complaints.map((k) => (
                <li>
                  <a href={`/admin/complaints/${k.id}`}>
                    {k.code} · {k.subject}
                  </a>{' '}
                  {k.kind === 'question' ? <KindBadge t={t} /> : null}
                  <StatusBadge t={t} status={k.status} prefix="complaintStatus" />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {admin && !anonymized ? (
        <Card title={t('admin.cus.manage')}>
          <div class="btn-row">
            <form method="post" action={`/admin/customers/${c.id}/membership`} class="inline">
              <Csrf ctx={ctx} />
              <input
                type="hidden"
                name="membership"
                value={c.membership === 'member' ? 'regular' : 'member'}
              />
              <button type="submit" class="btn secondary">
                {c.membership === 'member' ? t('admin.cus.makeRegular') : t('admin.cus.makeMember')}
              </button>
            </form>
            <ActionButton
              ctx={ctx}
              action={`/admin/customers/${c.id}/anonymize`}
              label={t('admin.cus.anonymize')}
              kind="danger"
              confirm={t('admin.cus.anonymizeAsk')}
            />
          </div>
          <p class="hint">{t('admin.cus.anonymizeHint')}</p>
        </Card>
      ) : null}
    </Layout>
  );
};
