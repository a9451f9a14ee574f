import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { earnedIn, periodKeys, periodSchema, resolvePeriod } from './period.ts';

const revenueSchema = periodSchema.and(z.object({ granularity: z.enum(['day', 'month']) }));
export type RevenueReportInput = z.input<typeof revenueSchema>;

export interface RevenuePeriod {
  /** 'YYYY-MM-DD' or 'YYYY-MM', local to the studio. */
  period: string;
  count: number;
  /** Sum of reservation totals in rupiah: what customers paid, after bundle discounts and points. */
  revenue: number;
}

export interface RevenueReport {
  granularity: 'day' | 'month';
  from: string;
  to: string;
  periods: RevenuePeriod[];
  total: { count: number; revenue: number };
}

/** Longest report by day: two years of rows is already more than a screen or a sheet wants. */
const MAX_DAYS = 731;

/**
 * Confirmed and completed bookings per day or month, counted on the SESSION date (start_at, local), every
 * period present even when empty. Session date, not payment date: the studio earns the money when it
 * does the shoot, a booking paid in November for a December session is December's, and start_at is
 * indexed with status (reservations_status_start_idx) so the report stays fast on large tables.
 */
export async function revenueReport(db: DbOrTx, input: RevenueReportInput): Promise<RevenueReport> {
  const data = parseInput(revenueSchema, input);
  const period = resolvePeriod(data);
  if (data.granularity === 'day' && period.days > MAX_DAYS) {
    throw new AppError('VALIDATION', 'period too long for a daily report', {
      fields: [{ field: 'to', message: `a daily report covers at most ${MAX_DAYS} days; choose by month` }],
    });
  }
  const format = data.granularity === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
  const key = sql<string>`to_char(${reservations.startAt} at time zone ${period.timeZone}, ${format})`;
  const rows = await db
    .select({
      period: key,
      count: sql<number>`count(*)::int`,
      revenue: sql<number>`coalesce(sum(${reservations.total}), 0)::bigint`.mapWith(Number),
    })
    .from(reservations)
    .where(earnedIn(period))
    // By position: the same expression written twice gets different parameter numbers, which Postgres would not match.
    .groupBy(sql`1`);
  const byKey = new Map(rows.map((r) => [r.period, r]));
  const periods = periodKeys(period, data.granularity).map((p) => ({
    period: p,
    count: byKey.get(p)?.count ?? 0,
    revenue: byKey.get(p)?.revenue ?? 0,
  }));
  return {
    granularity: data.granularity,
    from: data.from,
    to: data.to,
    periods,
    total: {
      count: periods.reduce((sum, p) => sum + p.count, 0),
      revenue: periods.reduce((sum, p) => sum + p.revenue, 0),
    },
  };
}
