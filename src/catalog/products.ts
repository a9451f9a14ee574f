import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { products } from '../../db/schema/index.ts';
import { isUniqueViolation } from '../customers/fields.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { getProduct } from './queries.ts';
import type { Product } from './types.ts';

/** A price in whole rupiah, as products and bundles store it. */
export const rupiah = z.number().int('Whole rupiah only').min(0, 'Must not be negative').max(1_000_000_000);
const optionalText = (max: number) => z.string().trim().max(max).nullish();

const productFields = {
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'Letters, digits and dashes, 2–20 characters'),
  kind: z.enum(['package', 'addon']),
  name: z.string().trim().min(1).max(120),
  nameEn: optionalText(120),
  category: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9-]{1,29}$/, 'Lower-case word, 2–30 characters'),
  description: z.string().trim().max(2000),
  descriptionEn: optionalText(2000),
  price: rupiah,
  /** Minutes the session blocks the studio; add-ons take no time of their own. 0–24 h. */
  durationMinutes: z.number().int().min(0, 'Must not be negative').max(1440),
  photoFileId: z.number().int().positive().nullish(),
  active: z.boolean(),
  sortOrder: z.number().int().min(0).max(100_000),
};

const createSchema = z
  .object({
    ...productFields,
    kind: productFields.kind.default('package'),
    description: productFields.description.default(''),
    durationMinutes: productFields.durationMinutes.default(0),
    active: productFields.active.default(true),
    sortOrder: productFields.sortOrder.default(0),
  })
  .superRefine(requireDurationForPackages);
export type ProductInput = z.input<typeof createSchema>;

const patchSchema = z.object(productFields).partial();
export type ProductPatch = z.input<typeof patchSchema>;

/** A package books a slot, so it must last; without a duration availability cannot place it. */
function requireDurationForPackages(
  value: { kind: Product['kind']; durationMinutes: number },
  ctx: z.RefinementCtx,
): void {
  if (value.kind === 'package' && value.durationMinutes < 1) {
    ctx.addIssue({ code: 'custom', path: ['durationMinutes'], message: 'A package needs a duration' });
  }
}

function codeTaken(error: unknown): AppError | undefined {
  return isUniqueViolation(error, 'products_code_unique')
    ? new AppError('VALIDATION', 'code: already used', {
        cause: error,
        fields: [{ field: 'code', message: 'Code already used by another product' }],
      })
    : undefined;
}

export async function createProduct(db: DbOrTx, input: ProductInput): Promise<Product> {
  const data = parseInput(createSchema, input);
  try {
    const [row] = await db.insert(products).values(data).returning();
    return row!;
  } catch (error) {
    throw codeTaken(error) ?? error;
  }
}

/** Edits given fields; the result must still be a valid product (a package keeps a duration). */
export async function updateProduct(db: DbOrTx, id: number, patch: ProductPatch): Promise<Product> {
  const data = parseInput(patchSchema, patch);
  const current = await getProduct(db, id);
  parseInput(
    z
      .object(productFields)
      .pick({ kind: true, durationMinutes: true })
      .superRefine(requireDurationForPackages),
    {
      kind: data.kind ?? current.kind,
      durationMinutes: data.durationMinutes ?? current.durationMinutes,
    },
  );
  if (Object.keys(data).length === 0) return current;
  try {
    const [row] = await db.update(products).set(data).where(eq(products.id, id)).returning();
    return row!;
  } catch (error) {
    throw codeTaken(error) ?? error;
  }
}

/** Switching off hides the product from customers and stops new bookings; past bookings keep it. */
export async function setProductActive(db: DbOrTx, id: number, active: boolean): Promise<Product> {
  const [row] = await db.update(products).set({ active }).where(eq(products.id, id)).returning();
  if (!row) throw new AppError('PRODUCT_NOT_FOUND', `product ${id}`);
  return row;
}
