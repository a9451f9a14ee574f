import { Hono } from 'hono';
import { getCustomer, searchCustomers } from '../../src/customers/index.ts';
import { getPointsSummary, loadPointsRules } from '../../src/loyalty/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { LedgerPage, RewardsPage } from '../pages/rewards.tsx';
import { pageContext } from '../ui/page-context.ts';
import { BAD_CURSOR, idParam, unlessBadCursor } from './helpers.ts';

const PAGE_SIZE = 30;

/** Ledger lines the rewards page lists: a year of weekly sessions and adjustments for a regular. */
const LEDGER_LINES = 200;

/** One customer and their points, as the rewards ledger page shows them. */
export async function loadLedger(deps: AdminContext, id: number) {
  const [customer, points] = await Promise.all([
    getCustomer(deps.db, id),
    getPointsSummary(deps.db, id, { limit: LEDGER_LINES }),
  ]);
  return { customer, points };
}

export function rewardRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('rewards'));
  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const cursor = c.req.query('cursor') ?? '';
    const [rules, page] = await Promise.all([
      loadPointsRules(deps.db),
      unlessBadCursor(
        searchCustomers(deps.db, { query: q || undefined, cursor: cursor || undefined, limit: PAGE_SIZE }),
      ),
    ]);
    return c.html(
      <RewardsPage
        ctx={pageContext(c, deps.timeZone)}
        rules={rules}
        q={q}
        rows={page?.rows ?? []}
        nextCursor={page?.nextCursor}
        cursor={cursor}
        errors={page ? undefined : BAD_CURSOR}
      />,
      page ? 200 : 400,
    );
  });
  app.get('/:id', async (c) =>
    c.html(<LedgerPage ctx={pageContext(c, deps.timeZone)} {...(await loadLedger(deps, idParam(c)))} />),
  );
  return app;
}
