export {
  type BundleInput,
  type BundlePatch,
  createBundle,
  getBundle,
  listBundles,
  setBundleActive,
  updateBundle,
} from './bundles.ts';
export {
  createProduct,
  type ProductInput,
  type ProductPatch,
  setProductActive,
  updateProduct,
} from './products.ts';
export {
  bundlePriceOf,
  getProduct,
  listCategories,
  listProducts,
  offersForProduct,
  type ProductFilter,
} from './queries.ts';
export type { Bundle, BundleDetail, CategoryCount, Offer, Product, ProductKind } from './types.ts';
