import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { type Customer, getCustomer, searchCustomers } from '../../src/customers/index.ts';
import {
  getPointsSummary,
  loadPointsRules,
  type PointsRules,
  type PointsSummary,
} from '../../src/loyalty/index.ts';
import { canAccess } from '../../src/staff/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { PointsAdjustForm, PointsLedger } from '../pages/customers/points.tsx';
import { Card } from '../ui/components.tsx';
import { rupiah } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';
import { idParam } from './helpers.ts';

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

const RewardsPage: FC<{ ctx: PageContext; rules: PointsRules; q: string; rows: Customer[] }> = ({
  ctx,
  rules,
  q,
  rows,
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.nav.rewards')}>
      <RulesCard ctx={ctx} rules={rules} />
      <Card title={t('admin.rew.ledgers')}>
        <form method="get" action="/admin/rewards" class="filters">
          <div class="field">
            <label for="f-q">{t('admin.cus.search')}</label>
            <input id="f-q" type="search" name="q" value={q} placeholder={t('admin.cus.searchHint')} />
          </div>
          <button type="submit" class="btn primary">
            {t('admin.form.search')}
          </button>
        </form>
        <DataTable count={rows.length} empty={t('admin.cus.none')}>
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
      </Card>
    </Layout>
  );
};

const LedgerPage: FC<{ ctx: PageContext; customer: Customer; points: PointsSummary }> = ({
  ctx,
  customer,
  points,
}) => {
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
            <PointsAdjustForm ctx={ctx} customerId={customer.id} back="rewards" />
          </Card>
        )}
      </div>
      <Card title={t('admin.cus.pointsHistory')}>
        <PointsLedger ctx={ctx} points={points} />
      </Card>
    </Layout>
  );
};

export function rewardRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('rewards'));
  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const [rules, page] = await Promise.all([
      loadPointsRules(deps.db),
      searchCustomers(deps.db, { query: q || undefined, limit: 30 }),
    ]);
    return c.html(<RewardsPage ctx={pageContext(c, deps.timeZone)} rules={rules} q={q} rows={page.rows} />);
  });
  app.get('/:id', async (c) => {
    const id = idParam(c);
    const [customer, points] = await Promise.all([
      getCustomer(deps.db, id),
      getPointsSummary(deps.db, id, { limit: 200 }),
    ]);
    return c.html(<LedgerPage ctx={pageContext(c, deps.timeZone)} customer={customer} points={points} />);
  });
  return app;
}
