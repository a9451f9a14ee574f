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
  /** Sum of line totals at list price, rupiah. */
  listRevenue: number;
  /** Bundle savings on these lines, rupiah. */
  discount: number;
  /** listRevenue minus discount: what the lines sold for. Points are a discount on the booking, not a line. */
  revenue: number;
}

/** Quantity and revenue per product for bookings that earned money, by session date (as revenueReport). */
export async function itemsSold(db: DbOrTx, input: PeriodInput): Promise<ItemSold[]> {
  const period = resolvePeriod(parseInput(periodSchema, input));
  const listRevenue = sql<number>`sum(${reservationItems.lineTotal})::bigint`.mapWith(Number);
  const discount = sql<number>`sum(${reservationItems.discount})::bigint`.mapWith(Number);
  const revenue =
    sql<number>`sum(${reservationItems.lineTotal} - ${reservationItems.discount})::bigint`.mapWith(Number);
  return db
    .select({
      productId: products.id,
      code: products.code,
      name: products.name,
      category: products.category,
      kind: products.kind,
      quantity: sql<number>`sum(${reservationItems.quantity})::int`,
      listRevenue,
      discount,
      revenue,
    })
    .from(reservationItems)
    .innerJoin(reservations, eq(reservations.id, reservationItems.reservationId))
    .innerJoin(products, eq(products.id, reservationItems.productId))
    .where(earnedIn(period))
    .groupBy(products.id)
    .orderBy(desc(revenue), products.name);
}

export interface ItemsSoldReport {
  items: ItemSold[];
  /**
   * Points redeemed (and any booking discount not on a line), rupiah, as a positive amount: the items'
   * revenue minus this is the period's revenue.
   */
  bookingDiscounts: number;
  /** The period's revenue, equal to revenueReport's total for the same period. */
  revenue: number;
}

/**
 * Items sold with what reconciles them to the revenue report: the lines' revenue after bundle savings,
 * less the points redeemed on the same bookings, is exactly what those bookings paid.
 */
export async function itemsSoldReport(db: DbOrTx, input: PeriodInput): Promise<ItemsSoldReport> {
  const period = resolvePeriod(parseInput(periodSchema, input));
  const [items, [paid]] = await Promise.all([
    itemsSold(db, input),
    db
      .select({ total: sql<number>`coalesce(sum(${reservations.total}), 0)::bigint`.mapWith(Number) })
      .from(reservations)
      .where(earnedIn(period)),
  ]);
  const revenue = paid?.total ?? 0;
  const lines = items.reduce((sum, item) => sum + item.revenue, 0);
  return { items, bookingDiscounts: lines - revenue, revenue };
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
