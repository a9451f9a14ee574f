import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { products } from '../../db/schema/index.ts';
import { catalogProducts } from '../catalog/queries.ts';
import { AppError } from '../errors.ts';
import type { ReadCache } from '../settings/cache.ts';

export type Product = typeof products.$inferSelect;

/**
 * A package a customer can book now: it exists and is a package (PRODUCT_NOT_FOUND), and is active
 * (PRODUCT_INACTIVE). With a `cache`, as of its copy of the catalog: for showing dates and slots only.
 */
export async function bookablePackage(db: DbOrTx, productId: number, cache?: ReadCache): Promise<Product> {
  const [product] = cache
    ? (await catalogProducts(db, cache)).filter((p) => p.id === productId)
    : await db.select().from(products).where(eq(products.id, productId));
  if (product?.kind !== 'package') throw new AppError('PRODUCT_NOT_FOUND', `product ${productId}`);
  if (!product.active) throw new AppError('PRODUCT_INACTIVE', `product ${productId}`);
  return product;
}
