import type { bundles, products } from '../../db/schema/index.ts';

export type Product = typeof products.$inferSelect;
export type ProductKind = Product['kind'];
export type Bundle = typeof bundles.$inferSelect;

export interface CategoryCount {
  category: string;
  /** Active packages in it. */
  count: number;
}

/** A cross-sell add-on as the booking flow offers it with one package. */
export interface Offer {
  bundleId: number;
  name: string;
  nameEn: string | null;
  addon: { id: number; name: string; nameEn: string | null; price: number };
  /** What the add-on costs inside the bundle, in rupiah. */
  price: number;
  /** addon.price − price, in rupiah. */
  saving: number;
}

/** A bundle with the add-on it sells and the packages it is offered with, for the admin list. */
export interface BundleDetail {
  bundle: Bundle;
  addon: Product;
  productIds: number[];
  /** Price of the add-on inside the bundle and the saving, in rupiah (as offersForProduct computes). */
  price: number;
  saving: number;
}
