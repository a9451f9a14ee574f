import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { products } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type Product = typeof products.$inferSelect;

/** A package a customer can book now: it exists and is a package (PRODUCT_NOT_FOUND), and is active (PRODUCT_INACTIVE). */
export async function bookablePackage(db: DbOrTx, productId: number): Promise<Product> {
  const [product] = await db.select().from(products).where(eq(products.id, productId));
  if (product?.kind !== 'package') throw new AppError('PRODUCT_NOT_FOUND', `product ${productId}`);
  if (!product.active) throw new AppError('PRODUCT_INACTIVE', `product ${productId}`);
  return product;
}
