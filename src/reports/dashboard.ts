import { and, asc, eq, gte, inArray, lt, min, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { complaints, customers, ratings, reservationItems, reservations } from '../../db/schema/index.ts';
import { addDays, formatIsoDate, localDateOf, zonedTimeToInstant } from '../time.ts';
import { DEFAULT_TIME_ZONE } from '../reservations/index.ts';
import { monthOf } from './period.ts';
import { distributionOf, type StarDistribution, starColumns } from './ratings.ts';
import { revenueReport } from './revenue.ts';

export interface SessionSummary {
  reservationId: number;
  code: string;
  status: 'pending_payment' | 'awaiting_confirmation' | 'confirmed' | 'completed';
  startAt: Date;
  endAt: Date;
  customerId: number;
  customerCode: string;
  customerName: string;
  /** Booked lines, package first, e.g. "Wisuda Personal, Make Up (MUA)". */
  items: string;
}

export interface DashboardSummary {
  /** Local date of `now`, 'YYYY-MM-DD'. */
  today: string;
  /** Today's sessions that still hold their slot or are done, in time order. */
  todaySessions: SessionSummary[];
  /** Sessions of the next UPCOMING_DAYS days after today, at most UPCOMING_LIMIT, in time order. */
  upcomingSessions: SessionSummary[];
  /** Payment proofs waiting for staff to confirm. */
  proofsWaiting: { count: number; oldestSubmittedAt: Date | null; oldestWaitMinutes: number | null };
  /** Revenue by session date (as revenueReport) for the whole local month of `now` and the month before. */
  revenue: {
    thisMonth: { month: string; count: number; revenue: number };
    lastMonth: { month: string; count: number; revenue: number };
  };
  /** All ratings so far. */
  rating: { average: number | null; count: number; distribution: StarDistribution };
  /** open: waiting for the studio (new, or the customer wrote again); answered: waiting for the customer. */
  complaints: { open: number; answered: number };
}

/** A week ahead: what the front desk plans for. */
export const UPCOMING_DAYS = 7;
export const UPCOMING_LIMIT = 20;
const SESSION_STATUSES = ['pending_payment', 'awaiting_confirmation', 'confirmed', 'completed'] as const;

/** The admin home page in one call; each figure is one indexed query. */
export async function dashboardSummary(
  db: DbOrTx,
  now: Date,
  options: { timeZone?: string } = {},
): Promise<DashboardSummary> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const today = localDateOf(now, timeZone);
  const todayStart = zonedTimeToInstant(today, '00:00', timeZone);
  const tomorrowStart = zonedTimeToInstant(addDays(today, 1), '00:00', timeZone);
  const upcomingEnd = zonedTimeToInstant(addDays(today, 1 + UPCOMING_DAYS), '00:00', timeZone);
  const thisMonth = monthOf(today);
  const lastMonth = monthOf(addDays({ ...today, day: 1 }, -1));

  const [todaySessions, upcomingSessions, proofs, twoMonths, rating, complaintCounts] = await Promise.all([
    sessionsBetween(db, todayStart, tomorrowStart, SESSION_STATUSES, 200),
    sessionsBetween(
      db,
      tomorrowStart,
      upcomingEnd,
      ['pending_payment', 'awaiting_confirmation', 'confirmed'],
      UPCOMING_LIMIT,
    ),
    db
      .select({ count: sql<number>`count(*)::int`, oldest: min(reservations.proofSubmittedAt) })
      .from(reservations)
      .where(eq(reservations.status, 'awaiting_confirmation')),
    // One grouped query over both months: its periods are last month, then this month.
    revenueReport(db, { from: lastMonth.from, to: thisMonth.to, granularity: 'month', timeZone }),
    db.select(starColumns).from(ratings),
    db
      .select({
        open: sql<number>`count(*) filter (where ${complaints.status} = 'open')::int`,
        answered: sql<number>`count(*) filter (where ${complaints.status} = 'answered')::int`,
      })
      .from(complaints)
      .where(inArray(complaints.status, ['open', 'answered'])),
  ]);
  const [lastRevenue, thisRevenue] = twoMonths.periods.map(({ period, count, revenue }) => ({
    month: period,
    count,
    revenue,
  }));
  const oldest = proofs[0]?.oldest ?? null;
  const stars = rating[0];
  return {
    today: formatIsoDate(today),
    todaySessions,
    upcomingSessions,
    proofsWaiting: {
      count: proofs[0]?.count ?? 0,
      oldestSubmittedAt: oldest,
      oldestWaitMinutes: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 60_000)) : null,
    },
    revenue: { thisMonth: thisRevenue!, lastMonth: lastRevenue! },
    rating: {
      average: stars && stars.count > 0 ? stars.average : null,
      count: stars?.count ?? 0,
      distribution: distributionOf(stars ?? { s1: 0, s2: 0, s3: 0, s4: 0, s5: 0 }),
    },
    complaints: { open: complaintCounts[0]?.open ?? 0, answered: complaintCounts[0]?.answered ?? 0 },
  };
}

async function sessionsBetween(
  db: DbOrTx,
  start: Date,
  end: Date,
  statuses: readonly SessionSummary['status'][],
  limit: number,
): Promise<SessionSummary[]> {
  return db
    .select({
      reservationId: reservations.id,
      code: reservations.code,
      status: sql<SessionSummary['status']>`${reservations.status}`,
      startAt: reservations.startAt,
      endAt: reservations.endAt,
      customerId: customers.id,
      customerCode: customers.code,
      customerName: customers.name,
      items: sql<string>`coalesce((select string_agg(${reservationItems.name}, ', ' order by ${reservationItems.kind} desc, ${reservationItems.id})
        from ${reservationItems} where ${reservationItems.reservationId} = ${reservations.id}), '')`,
    })
    .from(reservations)
    .innerJoin(customers, eq(customers.id, reservations.customerId))
    .where(
      and(
        inArray(reservations.status, [...statuses]),
        gte(reservations.startAt, start),
        lt(reservations.startAt, end),
      ),
    )
    .orderBy(asc(reservations.startAt), asc(reservations.id))
    .limit(limit);
}
