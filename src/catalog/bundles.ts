import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { bundleProducts, bundles, products } from '../../db/schema/index.ts';
import { AppError, type FieldIssue } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { rupiah } from './products.ts';
import { bundlePriceOf } from './queries.ts';
import type { Bundle, BundleDetail } from './types.ts';

const instant = z.coerce.date();

const bundleFields = {
  name: z.string().trim().min(1).max(160),
  nameEn: z.string().trim().max(160).nullish(),
  description: z.string().trim().max(2000),
  addonProductId: z.number().int().positive(),
  /** The packages this add-on is offered with. */
  productIds: z
    .array(z.number().int().positive())
    .min(1, 'Pick at least one package')
    .transform((ids) => [...new Set(ids)]),
  /** Price of the add-on in the bundle; null means "the add-on's price minus discountAmount". */
  bundlePrice: rupiah.nullish(),
  discountAmount: rupiah,
  active: z.boolean(),
  validFrom: instant.nullish(),
  validTo: instant.nullish(),
};

const windowIsOrdered = (value: { validFrom?: Date | null; validTo?: Date | null }) =>
  !(value.validFrom && value.validTo && value.validTo <= value.validFrom);
const windowIssue = { path: ['validTo'], message: 'Must be after the start' };

const createSchema = z
  .object({
    ...bundleFields,
    description: bundleFields.description.default(''),
    discountAmount: bundleFields.discountAmount.default(0),
    active: bundleFields.active.default(true),
  })
  .refine(windowIsOrdered, windowIssue);
export type BundleInput = z.input<typeof createSchema>;

const patchSchema = z.object(bundleFields).partial();
export type BundlePatch = z.input<typeof patchSchema>;

/** Every bundle with its add-on and packages, oldest first, for the admin page. */
export function listBundles(
  db: DbOrTx,
  options: { includeInactive?: boolean } = {},
): Promise<BundleDetail[]> {
  return loadBundles(db, options.includeInactive === false ? eq(bundles.active, true) : undefined);
}

export async function getBundle(db: DbOrTx, id: number): Promise<BundleDetail> {
  const [detail] = await loadBundles(db, eq(bundles.id, id));
  if (!detail) throw new AppError('NOT_FOUND', `bundle ${id}`);
  return detail;
}

async function loadBundles(db: DbOrTx, where: SQL | undefined): Promise<BundleDetail[]> {
  const rows = await db
    .select({ bundle: bundles, addon: products })
    .from(bundles)
    .innerJoin(products, eq(products.id, bundles.addonProductId))
    .where(where)
    .orderBy(asc(bundles.id));
  if (rows.length === 0) return [];
  const links = await db
    .select()
    .from(bundleProducts)
    .where(
      inArray(
        bundleProducts.bundleId,
        rows.map((r) => r.bundle.id),
      ),
    )
    .orderBy(asc(bundleProducts.productId));
  return rows.map(({ bundle, addon }) => {
    const price = bundlePriceOf(bundle, addon.price);
    return {
      bundle,
      addon,
      productIds: links.filter((l) => l.bundleId === bundle.id).map((l) => l.productId),
      price,
      saving: addon.price - price,
    };
  });
}

/**
 * The add-on must be an add-on, the packages packages, and the bundle must not cost more than the
 * add-on alone (a "deal" that overcharges would be a typo).
 */
async function checkReferences(
  db: DbOrTx,
  value: {
    addonProductId: number;
    productIds: number[];
    bundlePrice?: number | null;
    discountAmount: number;
  },
): Promise<void> {
  const fields: FieldIssue[] = [];
  const [addon] = await db.select().from(products).where(eq(products.id, value.addonProductId));
  if (addon?.kind !== 'addon') {
    fields.push({ field: 'addonProductId', message: 'Choose an add-on product' });
  } else if (value.bundlePrice != null && value.bundlePrice > addon.price) {
    fields.push({ field: 'bundlePrice', message: 'Must not exceed the add-on’s own price' });
  } else if (value.bundlePrice == null && value.discountAmount > addon.price) {
    fields.push({ field: 'discountAmount', message: 'Must not exceed the add-on’s own price' });
  }
  const packages = await db
    .select({ id: products.id })
    .from(products)
    .where(and(inArray(products.id, value.productIds), eq(products.kind, 'package')));
  if (packages.length !== value.productIds.length) {
    fields.push({ field: 'productIds', message: 'Only existing packages can carry a bundle' });
  }
  if (fields.length > 0) {
    throw new AppError('VALIDATION', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
  }
}

export async function createBundle(db: DbOrTx, input: BundleInput): Promise<BundleDetail> {
  const { productIds, ...data } = parseInput(createSchema, input);
  const id = await db.transaction(async (tx) => {
    await checkReferences(tx, { ...data, productIds });
    const [row] = await tx.insert(bundles).values(data).returning({ id: bundles.id });
    await tx.insert(bundleProducts).values(productIds.map((productId) => ({ bundleId: row!.id, productId })));
    return row!.id;
  });
  return getBundle(db, id);
}

/** Edits given fields; productIds, when given, replaces the list of packages. */
export async function updateBundle(db: DbOrTx, id: number, patch: BundlePatch): Promise<BundleDetail> {
  const { productIds, ...data } = parseInput(patchSchema, patch);
  await db.transaction(async (tx) => {
    const current = await getBundle(tx, id);
    const merged = { ...current.bundle, ...data, productIds: productIds ?? current.productIds };
    parseInput(z.object({}).passthrough().refine(windowIsOrdered, windowIssue), merged);
    await checkReferences(tx, merged);
    if (Object.keys(data).length > 0) await tx.update(bundles).set(data).where(eq(bundles.id, id));
    if (productIds) {
      await tx.delete(bundleProducts).where(eq(bundleProducts.bundleId, id));
      await tx.insert(bundleProducts).values(productIds.map((productId) => ({ bundleId: id, productId })));
    }
  });
  return getBundle(db, id);
}

export async function setBundleActive(db: DbOrTx, id: number, active: boolean): Promise<Bundle> {
  const [row] = await db.update(bundles).set({ active }).where(eq(bundles.id, id)).returning();
  if (!row) throw new AppError('NOT_FOUND', `bundle ${id}`);
  return row;
}
