import { and, asc, count, eq, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { bundleProducts, bundles, products } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { ReadCache } from '../settings/cache.ts';
import type { Bundle, CategoryCount, Offer, Product, ProductKind } from './types.ts';

/**
 * Categories that have active packages, in the studio's display order (a category's first package),
 * with how many. With a `cache`, counted from its copy of the catalog (up to its TTL old).
 */
export async function listCategories(db: DbOrTx, cache?: ReadCache): Promise<CategoryCount[]> {
  if (cache) {
    const byCategory = new Map<string, CategoryCount & { firstSort: number }>();
    for (const p of await listProducts(db, { kind: 'package' }, cache)) {
      const row = byCategory.get(p.category);
      if (row) row.count++;
      else byCategory.set(p.category, { category: p.category, count: 1, firstSort: p.sortOrder });
    }
    return inDisplayOrder([...byCategory.values()]);
  }
  const rows = await db
    .select({
      category: products.category,
      count: count(),
      firstSort: sql<number>`min(${products.sortOrder})::int`,
    })
    .from(products)
    .where(and(eq(products.active, true), eq(products.kind, 'package')))
    .groupBy(products.category);
  return inDisplayOrder(rows);
}

const inDisplayOrder = (rows: (CategoryCount & { firstSort: number })[]): CategoryCount[] =>
  rows
    .sort((a, b) => a.firstSort - b.firstSort || a.category.localeCompare(b.category))
    .map(({ category, count }) => ({ category, count }));

export interface ProductFilter {
  category?: string;
  kind?: ProductKind;
  /** Admin lists show switched-off products too; customers never see them. */
  includeInactive?: boolean;
}

/** Every product, active or not, in display order: what a ReadCache keeps of the catalog (tens of rows). */
function catalogProducts(db: DbOrTx, cache: ReadCache): Promise<Product[]> {
  return cache.get('catalog:products', db, (handle) =>
    handle.select().from(products).orderBy(asc(products.sortOrder), asc(products.id)),
  );
}

/** With a `cache`, filtered from its copy of the catalog (up to its TTL old). */
export async function listProducts(
  db: DbOrTx,
  filter: ProductFilter = {},
  cache?: ReadCache,
): Promise<Product[]> {
  if (cache) {
    return (await catalogProducts(db, cache)).filter(
      (p) =>
        (filter.includeInactive || p.active) &&
        (!filter.category || p.category === filter.category) &&
        (!filter.kind || p.kind === filter.kind),
    );
  }
  const conditions: SQL[] = [];
  if (!filter.includeInactive) conditions.push(eq(products.active, true));
  if (filter.category) conditions.push(eq(products.category, filter.category));
  if (filter.kind) conditions.push(eq(products.kind, filter.kind));
  return db
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(asc(products.sortOrder), asc(products.id));
}

/** The product, active or not (a past booking may show a retired package), or PRODUCT_NOT_FOUND. */
export async function getProduct(db: DbOrTx, id: number, cache?: ReadCache): Promise<Product> {
  const [row] = cache
    ? (await catalogProducts(db, cache)).filter((p) => p.id === id)
    : await db.select().from(products).where(eq(products.id, id)).limit(1);
  if (!row) throw new AppError('PRODUCT_NOT_FOUND', `product ${id}`);
  return row;
}

/** Price of the add-on inside a bundle: the bundle price, or the add-on's price minus the discount (≥ 0). */
export function bundlePriceOf(
  bundle: Pick<Bundle, 'bundlePrice' | 'discountAmount'>,
  addonPrice: number,
): number {
  return Math.max(0, bundle.bundlePrice ?? addonPrice - bundle.discountAmount);
}

/** True when the bundle may be sold at `now`: switched on and inside its validity window. */
function bundleIsValidAt(bundle: Pick<Bundle, 'active' | 'validFrom' | 'validTo'>, now: Date): boolean {
  if (!bundle.active) return false;
  if (bundle.validFrom && bundle.validFrom > now) return false;
  return !(bundle.validTo && bundle.validTo <= now);
}

/**
 * The add-ons to offer after a package is picked: bundles that are active, valid at `now`
 * (validFrom inclusive, validTo exclusive) and whose add-on is still sold, the biggest saving first.
 */
export async function offersForProduct(
  db: DbOrTx,
  productId: number,
  now: Date,
  cache?: ReadCache,
): Promise<Offer[]> {
  const rows = cache
    ? // The cache keeps every switched-on bundle of every package; validity is checked against `now` here,
      // so a bundle's window opens and closes on time even from a copy.
      (await cache.get('catalog:offers', db, (handle) => sellableBundles(handle))).filter(
        (row) => row.productId === productId && bundleIsValidAt(row.bundle, now),
      )
    : await sellableBundles(db, { productId, at: now });
  return rows
    .map(({ bundle, addon }) => {
      const price = bundlePriceOf(bundle, addon.price);
      return {
        bundleId: bundle.id,
        name: bundle.name,
        nameEn: bundle.nameEn,
        addon: { id: addon.id, name: addon.name, nameEn: addon.nameEn, price: addon.price },
        price,
        saving: addon.price - price,
      };
    })
    .sort((a, b) => b.saving - a.saving || a.bundleId - b.bundleId);
}

/**
 * Bundles on sale, one row per package they are offered with: switched on, their add-on still sold,
 * and, given `at`, inside their window (validFrom inclusive, validTo exclusive). Narrowed to one
 * package and to chosen bundles when given. What the chat offers and what a quote prices read here.
 */
export function sellableBundles(
  db: DbOrTx,
  filter: { productId?: number; bundleIds?: number[]; at?: Date } = {},
) {
  const { productId, bundleIds, at } = filter;
  return db
    .select({ productId: bundleProducts.productId, bundle: bundles, addon: products })
    .from(bundleProducts)
    .innerJoin(bundles, eq(bundles.id, bundleProducts.bundleId))
    .innerJoin(products, eq(products.id, bundles.addonProductId))
    .where(
      and(
        eq(bundles.active, true),
        eq(products.active, true),
        productId === undefined ? undefined : eq(bundleProducts.productId, productId),
        bundleIds === undefined ? undefined : inArray(bundles.id, bundleIds),
        at === undefined ? undefined : or(isNull(bundles.validFrom), lte(bundles.validFrom, at)),
        at === undefined ? undefined : or(isNull(bundles.validTo), gt(bundles.validTo, at)),
      ),
    )
    .orderBy(asc(bundles.id));
}
