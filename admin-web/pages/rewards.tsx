import type { FC } from 'hono/jsx';
import type { Customer } from '../../src/customers/index.ts';
import type { PointsRules, PointsSummary } from '../../src/loyalty/index.ts';
import { canAccess } from '../../src/staff/index.ts';
import type { FieldErrors } from '../forms.ts';
import { Card, FieldError, href, Pager } from '../ui/components.tsx';
import { CustomerSearch } from '../ui/customer-search.tsx';
import { rupiah } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import type { PageContext } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';
import { PointsAdjustForm, PointsLedger } from './customers/points.tsx';

const RulesCard: FC<{ ctx: PageContext; rules: PointsRules }> = ({ ctx, rules }) => {
  const { t } = ctx;
  return (
    <Card
      title={t('admin.rew.rules')}
      actions={
        canAccess(ctx.staff.role, 'settings') ? (
          <a href="/admin/settings#points">{t('admin.form.edit')}</a>
        ) : undefined
      }
    >
      <ul>
        <li>{t('admin.rew.earn', { amount: rupiah(rules.earnPerRupiah) })}</li>
        <li>{t('admin.rew.value', { amount: rupiah(rules.pointValueRupiah) })}</li>
        <li>{t('admin.rew.maxRedeem', { percent: rules.maxRedeemPercent })}</li>
        <li>
          {t('admin.rew.referral', { points: rules.referralPoints, welcome: rules.referralWelcomePoints })}
        </li>
        <li>{t('admin.rew.member', { count: rules.memberAfterBookings })}</li>
      </ul>
    </Card>
  );
};
export const RewardsPage: FC<{
  ctx: PageContext;
  rules: PointsRules;
  q: string;
  rows: Customer[];
  nextCursor: string | undefined;
  cursor: string;
  errors?: FieldErrors | undefined;
}> = ({ ctx, rules, q, rows, nextCursor, cursor, errors }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.nav.rewards')}>
      <RulesCard ctx={ctx} rules={rules} />
      <Card title={t('admin.rew.ledgers')}>
        <CustomerSearch t={t} action="/admin/rewards" q={q} />
        <FieldError t={t} name="cursor" errors={errors} />
        <DataTable count={rows.length} empty={q || cursor ? t('admin.cus.none') : t('admin.cus.noneYet')}>
          {rows.map((r) => (
            <tr class="row-link">
              <td>
                <a href={`/admin/rewards/${r.id}`}>{r.name}</a> <span class="muted small">{r.code}</span>
              </td>
              <td class="num">
                <strong>{r.pointsBalance}</strong> {t('admin.cus.points').toLowerCase()}
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager
          t={t}
          nextHref={nextCursor ? href('/admin/rewards', { q, cursor: nextCursor }) : undefined}
          firstHref={cursor ? href('/admin/rewards', { q }) : undefined}
        />
      </Card>
    </Layout>
  );
};
export const LedgerPage: FC<{
  ctx: PageContext;
  customer: Customer;
  points: PointsSummary;
  errors?: FieldErrors | undefined;
  values?: Record<string, string> | undefined;
}> = ({ ctx, customer, points, errors, values }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${t('admin.nav.rewards')}: ${customer.name || customer.code}`}>
      <div class="grid">
        <Card title={t('admin.rew.balance')}>
          <div class="stat">
            <div class="value">{points.balance}</div>
            <div class="sub">≈ {rupiah(points.balance * points.rules.pointValueRupiah)}</div>
          </div>
          <p>
            <a href={`/admin/customers/${customer.id}`}>{t('admin.rew.toCustomer')}</a>
          </p>
        </Card>
        {customer.anonymizedAt ? null : (
          <Card title={t('admin.points.adjust')}>
            <PointsAdjustForm
              ctx={ctx}
              customerId={customer.id}
              back="rewards"
              errors={errors}
              values={values}
            />
          </Card>
        )}
      </div>
      <Card title={t('admin.cus.pointsHistory')}>
        <PointsLedger ctx={ctx} points={points} />
      </Card>
    </Layout>
  );
};
