import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { files } from './files.ts';
import { lifecycleDates } from './util.ts';

export const productCategories = [
  'studio',
  'wisuda',
  'keluarga',
  'dokumentasi',
  'pernikahan',
  'produk',
  'tambahan',
] as const;
export type ProductCategory = (typeof productCategories)[number];

/**
 * Packages customers book (kind=package, with a duration) and add-ons sold with them
 * (kind=addon: prints, frames, extra edits), both priced in whole rupiah.
 */
export const products = pgTable(
  'products',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique(),
    kind: text('kind', { enum: ['package', 'addon'] })
      .notNull()
      .default('package'),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    category: text('category').notNull(),
    description: text('description').notNull().default(''),
    descriptionEn: text('description_en'),
    price: integer('price').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(0),
    photoFileId: integer('photo_file_id').references(() => files.id, { onDelete: 'set null' }),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    ...lifecycleDates,
  },
  (t) => [
    index('products_category_idx').on(t.category, t.active),
    check('products_price_nonneg', sql`${t.price} >= 0`),
    check('products_duration_nonneg', sql`${t.durationMinutes} >= 0`),
  ],
);

/**
 * A cross-sell offer: the add-on product, offered with one or more packages, at a bundle price
 * or with a discount off the add-on's own price.
 */
export const bundles = pgTable(
  'bundles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    description: text('description').notNull().default(''),
    addonProductId: integer('addon_product_id')
      .notNull()
      .references(() => products.id),
    /** Price of the add-on inside the bundle; when null, the add-on's price minus discountAmount. */
    bundlePrice: integer('bundle_price'),
    discountAmount: integer('discount_amount').notNull().default(0),
    active: boolean('active').notNull().default(true),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validTo: timestamp('valid_to', { withTimezone: true }),
    ...lifecycleDates,
  },
  (t) => [check('bundles_discount_nonneg', sql`${t.discountAmount} >= 0`)],
);

export const bundleProducts = pgTable(
  'bundle_products',
  {
    bundleId: integer('bundle_id')
      .notNull()
      .references(() => bundles.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.productId] }), index('bundle_products_product_idx').on(t.productId)],
);
