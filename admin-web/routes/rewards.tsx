import { Hono } from 'hono';
import { getCustomer, searchCustomers } from '../../src/customers/index.ts';
import { getPointsSummary, loadPointsRules } from '../../src/loyalty/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { LedgerPage, RewardsPage } from '../pages/rewards.tsx';
import { pageContext } from '../ui/page-context.ts';
import { idParam } from './helpers.ts';

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
