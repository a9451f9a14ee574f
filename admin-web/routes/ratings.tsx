import { Hono } from 'hono';
import { listRatings } from '../../src/feedback/index.ts';
import { type ProductRatings, ratingsPerProduct } from '../../src/reports/index.ts';
import { addDays, formatIsoDate, localDateOf } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { RatingsPage, TREND_DAYS } from '../pages/ratings.tsx';
import { pageContext } from '../ui/page-context.ts';
import { BAD_CURSOR, unlessBadCursor } from './helpers.ts';

export function ratingRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('ratings'));
  app.get('/', async (c) => {
    const productRaw = c.req.query('product') ?? '';
    const productId = /^\d{1,9}$/.test(productRaw) ? Number(productRaw) : undefined;
    const cursor = c.req.query('cursor') ?? '';
    const today = localDateOf(deps.clock(), deps.timeZone);
    const period = (fromDays: number, toDays: number) => ({
      from: formatIsoDate(addDays(today, fromDays)),
      to: formatIsoDate(addDays(today, toDays)),
      timeZone: deps.timeZone,
    });
    const [perProduct, recent, previous, page] = await Promise.all([
      ratingsPerProduct(deps.db),
      ratingsPerProduct(deps.db, period(-TREND_DAYS + 1, 0)),
      ratingsPerProduct(deps.db, period(-2 * TREND_DAYS + 1, -TREND_DAYS)),
      unlessBadCursor(listRatings(deps.db, { productId, cursor: cursor || null, limit: 30 })),
    ]);
    const byId = (rows: ProductRatings[]) => new Map(rows.map((r) => [r.productId, r]));
    return c.html(
      <RatingsPage
        ctx={pageContext(c, deps.timeZone)}
        perProduct={perProduct}
        recent={byId(recent)}
        previous={byId(previous)}
        rows={page?.rows ?? []}
        nextCursor={page?.nextCursor ?? null}
        productId={productId}
        cursor={cursor}
        errors={page ? undefined : BAD_CURSOR}
      />,
      page ? 200 : 400,
    );
  });
  return app;
}
