import type { DbOrTx } from '../../db/client.ts';
import { getProduct } from '../catalog/queries.ts';
import type { Product } from '../catalog/types.ts';
import { AppError } from '../errors.ts';
import type { ReadCache } from '../settings/cache.ts';

/**
 * A package a customer can book now: it exists and is a package (PRODUCT_NOT_FOUND), and is active
 * (PRODUCT_INACTIVE). With a `cache`, as of its copy of the catalog: for showing dates and slots only.
 */
export async function bookablePackage(db: DbOrTx, productId: number, cache?: ReadCache): Promise<Product> {
  const product = await getProduct(db, productId, cache);
  if (product.kind !== 'package') throw new AppError('PRODUCT_NOT_FOUND', `product ${productId}`);
  if (!product.active) throw new AppError('PRODUCT_INACTIVE', `product ${productId}`);
  return product;
}
