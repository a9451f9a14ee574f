import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { products, reservationItems, reservations } from '../../db/schema/index.ts';
import { parseInput } from '../validation.ts';
import { earnedIn, type PeriodInput, periodSchema, resolvePeriod } from './period.ts';

export interface ItemSold {
  productId: number;
  code: string;
  /** The product's current name (lines keep the name at booking; a renamed product still sums as one). */
  name: string;
  category: string;
  kind: 'package' | 'addon';
  quantity: number;
  /** Sum of line totals in rupiah, bundle prices included; points are a discount on the booking, not on a line. */
  revenue: number;
}

/** Quantity and revenue per product for confirmed and completed bookings, by session date (as revenueReport). */
export async function itemsSold(db: DbOrTx, input: PeriodInput): Promise<ItemSold[]> {
  const period = resolvePeriod(parseInput(periodSchema, input));
  const revenue = sql<number>`sum(${reservationItems.lineTotal})::bigint`.mapWith(Number);
  return db
    .select({
      productId: products.id,
      code: products.code,
      name: products.name,
      category: products.category,
      kind: products.kind,
      quantity: sql<number>`sum(${reservationItems.quantity})::int`,
      revenue,
    })
    .from(reservationItems)
    .innerJoin(reservations, eq(reservations.id, reservationItems.reservationId))
    .innerJoin(products, eq(products.id, reservationItems.productId))
    .where(earnedIn(period))
    .groupBy(products.id)
    .orderBy(desc(revenue), products.name);
}

export interface CategoryBookings {
  category: string;
  /** Bookings whose package is in this category. */
  count: number;
  /** Those bookings' totals in rupiah. */
  revenue: number;
}

/** Bookings per category of their package (the dashboard's "bookings per category" chart). */
export async function bookingsPerCategory(db: DbOrTx, input: PeriodInput): Promise<CategoryBookings[]> {
  const period = resolvePeriod(parseInput(periodSchema, input));
  const count = sql<number>`count(distinct ${reservations.id})::int`;
  return db
    .select({
      category: products.category,
      count,
      revenue: sql<number>`sum(${reservations.total})::bigint`.mapWith(Number),
    })
    .from(reservations)
    .innerJoin(
      reservationItems,
      and(eq(reservationItems.reservationId, reservations.id), eq(reservationItems.kind, 'package')),
    )
    .innerJoin(products, eq(products.id, reservationItems.productId))
    .where(earnedIn(period))
    .groupBy(products.category)
    .orderBy(desc(count), products.category);
}
