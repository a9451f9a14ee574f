import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { products, ratings } from '../../db/schema/index.ts';
import { parseInput } from '../validation.ts';
import {
  type OptionalPeriodInput,
  optionalPeriodSchema,
  periodKeys,
  periodSchema,
  resolvePeriod,
} from './period.ts';

/** Count of ratings with 1, 2, 3, 4 and 5 stars. */
export type StarDistribution = Record<1 | 2 | 3 | 4 | 5, number>;

export interface ProductRatings {
  productId: number;
  code: string;
  name: string;
  category: string;
  count: number;
  /** Mean stars, two decimals. */
  average: number;
  distribution: StarDistribution;
}

export const starColumns = {
  count: sql<number>`count(*)::int`,
  average: sql<number>`coalesce(round(avg(${ratings.stars}), 2), 0)`.mapWith(Number),
  s1: sql<number>`count(*) filter (where ${ratings.stars} = 1)::int`,
  s2: sql<number>`count(*) filter (where ${ratings.stars} = 2)::int`,
  s3: sql<number>`count(*) filter (where ${ratings.stars} = 3)::int`,
  s4: sql<number>`count(*) filter (where ${ratings.stars} = 4)::int`,
  s5: sql<number>`count(*) filter (where ${ratings.stars} = 5)::int`,
};

export function distributionOf(row: {
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
}): StarDistribution {
  return { 1: row.s1, 2: row.s2, 3: row.s3, 4: row.s4, 5: row.s5 };
}

/** Average, count and star distribution per rated product, by when the rating was given; most rated first. */
export async function ratingsPerProduct(
  db: DbOrTx,
  input: OptionalPeriodInput = {},
): Promise<ProductRatings[]> {
  const data = parseInput(optionalPeriodSchema, input);
  const conditions: SQL[] = [];
  if (data.from !== undefined && data.to !== undefined) {
    const period = resolvePeriod({
      from: data.from,
      to: data.to,
      timeZone: data.timeZone,
    });
    conditions.push(gte(ratings.createdAt, period.start), lt(ratings.createdAt, period.end));
  }
  const rows = await db
    .select({
      productId: products.id,
      code: products.code,
      name: products.name,
      category: products.category,
      ...starColumns,
    })
    .from(ratings)
    .innerJoin(products, eq(products.id, ratings.productId))
    .where(conditions.length ? and(...conditions) : undefined)
    .groupBy(products.id)
    .orderBy(desc(sql`count(*)`), products.name);
  return rows.map(({ s1, s2, s3, s4, s5, ...row }) => ({
    ...row,
    distribution: distributionOf({ s1, s2, s3, s4, s5 }),
  }));
}

const trendSchema = periodSchema.and(z.object({ productId: z.number().int().positive().optional() }));
export type RatingTrendInput = z.input<typeof trendSchema>;

export interface RatingTrendPoint {
  /** 'YYYY-MM', local. */
  period: string;
  count: number;
  /** Mean stars that month, two decimals; null for a month without ratings. */
  average: number | null;
}

/** Average rating per month (of one product, or all), every month of the period present. */
export async function ratingTrend(db: DbOrTx, input: RatingTrendInput): Promise<RatingTrendPoint[]> {
  const data = parseInput(trendSchema, input);
  const period = resolvePeriod(data);
  const conditions: SQL[] = [gte(ratings.createdAt, period.start), lt(ratings.createdAt, period.end)];
  if (data.productId) conditions.push(eq(ratings.productId, data.productId));
  const rows = await db
    .select({
      period: sql<string>`to_char(${ratings.createdAt} at time zone ${period.timeZone}, 'YYYY-MM')`,
      count: starColumns.count,
      average: starColumns.average,
    })
    .from(ratings)
    .where(and(...conditions))
    // By position: the expression repeated would carry new parameter numbers, which Postgres would not match.
    .groupBy(sql`1`);
  const byMonth = new Map(rows.map((r) => [r.period, r]));
  return periodKeys(period, 'month').map((month) => {
    const row = byMonth.get(month);
    return { period: month, count: row?.count ?? 0, average: row ? row.average : null };
  });
}
