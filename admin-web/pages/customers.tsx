import type { FC } from 'hono/jsx';
import type { ChannelIdentity, Customer } from '../../src/customers/index.ts';
import type { Complaint, RatingRow } from '../../src/feedback/index.ts';
import { formatPhone } from '../../src/i18n/index.ts';
import type { PointsSummary } from '../../src/loyalty/index.ts';
import type { ReservationListRow } from '../../src/reservations/types.ts';
import { canAdjustPoints } from '../../src/staff/index.ts';
import type { FieldErrors } from '../forms.ts';
import {
  ActionButton,
  Badge,
  Card,
  Checkbox,
  Csrf,
  Empty,
  Field,
  FormErrorSummary,
  href,
  Pager,
  SaveOrCancel,
  Select,
  StatusBadge,
  TextArea,
} from '../ui/components.tsx';
import { shortWhen, stars, when } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, translateMaybe } from '../ui/page-context.ts';
import { DataTable, NewButton } from '../ui/table.tsx';
import { ReservationTable } from './reservations.tsx';

export const ListPage: FC<{
  ctx: PageContext;
  q: string;
  rows: Customer[];
  nextCursor: string | undefined;
  cursor: string;
}> = ({ ctx, q, rows, nextCursor, cursor }) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.customers')}
      actions={
        <>
          <NewButton href="/admin/customers/new" label={t('admin.cus.new')} />
          <a class="btn secondary" href={href('/admin/customers/export.csv', { q })}>
            {t('admin.common.downloadCsv')}
          </a>
        </>
      }
    >
      <form method="get" action="/admin/customers" class="filters card">
        <div class="field">
          <label for="f-q">{t('admin.cus.search')}</label>
          <input id="f-q" type="search" name="q" value={q} placeholder={t('admin.cus.searchHint')} />
        </div>
        <button type="submit" class="btn primary">
          {t('admin.form.search')}
        </button>
      </form>
      <section class="card">
        <DataTable
          count={rows.length}
          empty={t('admin.cus.none')}
          columns={[
            t('admin.common.name'),
            t('admin.common.phone'),
            t('admin.cus.membership'),
            { label: t('admin.cus.points'), num: true },
            t('admin.cus.lastActive'),
          ]}
        >
          {rows.map((r) => (
            <tr class="row-link">
              <td>
                <a href={`/admin/customers/${r.id}`}>{r.name}</a>
                <div class="muted small">{r.code}</div>
              </td>
              <td>{formatPhone(r.phone)}</td>
              <td>
                <Badge tone={r.membership === 'member' ? 'amber' : ''}>
                  {t(`common.membership.${r.membership}`)}
                </Badge>
              </td>
              <td class="num">{r.pointsBalance}</td>
              <td class="small">{r.lastActiveAt ? shortWhen(ctx, r.lastActiveAt) : '—'}</td>
            </tr>
          ))}
        </DataTable>
        <Pager
          t={t}
          nextHref={nextCursor ? href('/admin/customers', { q, cursor: nextCursor }) : undefined}
          firstHref={cursor ? href('/admin/customers', { q }) : undefined}
        />
      </section>
    </Layout>
  );
};

export type FormValues = Record<string, string | boolean | null | undefined>;

export const CustomerFormPage: FC<{
  ctx: PageContext;
  customer?: Customer;
  values: FormValues;
  errors?: FieldErrors;
  message?: string;
}> = ({ ctx, customer, values, errors, message }) => {
  const { t } = ctx;
  const v = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return (
    <Layout ctx={ctx} title={customer ? `${t('admin.form.edit')}: ${customer.name}` : t('admin.cus.new')}>
      <section class="card">
        <FormErrorSummary t={t} errors={errors} message={message} />
        <form
          method="post"
          action={customer ? `/admin/customers/${customer.id}` : '/admin/customers'}
          class="stack"
        >
          <Csrf ctx={ctx} />
          <Field
            t={t}
            name="name"
            label={t('admin.common.name')}
            value={v('name')}
            errors={errors}
            required
            autocomplete="off"
          />
          <Field
            t={t}
            name="phone"
            type="tel"
            label={t('admin.common.phone')}
            value={v('phone')}
            errors={errors}
            placeholder="0812 3456 7890"
            inputmode="tel"
          />
          <Field
            t={t}
            name="email"
            type="email"
            label={`${t('admin.common.email')} (${t('admin.form.optional')})`}
            value={v('email')}
            errors={errors}
          />
          <TextArea
            t={t}
            name="address"
            label={`${t('admin.cus.address')} (${t('admin.form.optional')})`}
            value={v('address')}
            errors={errors}
            rows={2}
          />
          <Select
            t={t}
            name="membership"
            label={t('admin.cus.membership')}
            value={v('membership') || 'regular'}
            errors={errors}
            options={[
              { value: 'regular', label: t('common.membership.regular') },
              { value: 'member', label: t('common.membership.member') },
            ]}
          />
          <Select
            t={t}
            name="locale"
            label={t('admin.cus.language')}
            value={v('locale') || 'id'}
            errors={errors}
            options={[
              { value: 'id', label: 'Bahasa Indonesia' },
              { value: 'en', label: 'English' },
            ]}
          />
          <Checkbox
            name="promoOptIn"
            label={t('admin.cus.promoOptIn')}
            checked={values.promoOptIn !== false}
          />
          <TextArea
            t={t}
            name="notes"
            label={`${t('admin.cus.notes')} (${t('admin.form.optional')})`}
            value={v('notes')}
            errors={errors}
            rows={3}
          />
          <SaveOrCancel
            t={t}
            cancelHref={customer ? `/admin/customers/${customer.id}` : '/admin/customers'}
          />
        </form>
      </section>
    </Layout>
  );
};

export interface DetailData {
  customer: Customer;
  identities: ChannelIdentity[];
  reservations: ReservationListRow[];
  points: PointsSummary;
  ratings: RatingRow[];
  complaints: Complaint[];
}

export const PointsLedger: FC<{ ctx: PageContext; points: PointsSummary }> = ({ ctx, points }) => {
  const { t } = ctx;
  return (
    <DataTable count={points.history.length} empty={t('admin.points.noHistory')}>
      {points.history.map((e) => (
        <tr>
          <td class="small">{shortWhen(ctx, e.createdAt)}</td>
          <td>
            {translateMaybe(t, `admin.points.reason.${e.reason}`)}
            {e.note ? <div class="muted small">{e.note}</div> : null}
          </td>
          <td class="num">
            <Badge tone={e.delta > 0 ? 'green' : 'red'}>
              {e.delta > 0 ? '+' : ''}
              {e.delta}
            </Badge>
          </td>
        </tr>
      ))}
    </DataTable>
  );
};

export const PointsAdjustForm: FC<{
  ctx: PageContext;
  customerId: number;
  errors?: FieldErrors | undefined;
  values?: Record<string, string> | undefined;
  back?: 'rewards';
}> = ({ ctx, customerId, errors, values, back }) => (
  <form method="post" action={`/admin/customers/${customerId}/points`} class="stack">
    <Csrf ctx={ctx} />
    {back ? <input type="hidden" name="back" value={back} /> : null}
    <Field
      t={ctx.t}
      name="delta"
      label={ctx.t('admin.points.delta')}
      value={values?.delta}
      errors={errors}
      hint={ctx.t('admin.points.deltaHint')}
      inputmode="numeric"
      required
    />
    <Field
      t={ctx.t}
      name="note"
      label={ctx.t('admin.points.note')}
      value={values?.note}
      errors={errors}
      required
    />
    <div>
      <button type="submit" class="btn primary">
        {ctx.t('admin.points.submit')}
      </button>
    </div>
  </form>
);

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
      {alert ? (
        <div class="alert error" role="alert">
          {alert}
        </div>
      ) : null}
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
        </Card>
      </div>
      <Card title={t('admin.nav.reservations')}>
        <ReservationTable ctx={ctx} rows={data.reservations} />
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
