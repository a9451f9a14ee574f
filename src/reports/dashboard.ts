import { and, asc, eq, gte, inArray, lt, min, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { complaints, customers, ratings, reservationItems, reservations } from '../../db/schema/index.ts';
import { addDays, formatIsoDate, localDateOf, zonedTimeToInstant } from '../time.ts';
import { DEFAULT_TIME_ZONE } from '../reservations/index.ts';
import { monthOf } from './period.ts';
import { distributionOf, type StarDistribution, starColumns } from './ratings.ts';
import { type RevenueReport, revenueReport } from './revenue.ts';
import { bookingsPerCategory, type CategoryBookings } from './sales.ts';

export interface SessionSummary {
  reservationId: number;
  code: string;
  status: 'pending_payment' | 'awaiting_confirmation' | 'confirmed' | 'completed' | 'no_show';
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
  /** All ratings so far. */
  rating: { average: number | null; count: number; distribution: StarDistribution };
  /** open: waiting for the studio (new, or the customer wrote again); answered: waiting for the customer. */
  complaints: { open: number; answered: number };
}

/** A week ahead: what the front desk plans for. */
export const UPCOMING_DAYS = 7;
export const UPCOMING_LIMIT = 20;
const SESSION_STATUSES = [
  'pending_payment',
  'awaiting_confirmation',
  'confirmed',
  'completed',
  'no_show',
] as const;

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

  const [todaySessions, upcomingSessions, proofs, rating, complaintCounts] = await Promise.all([
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
    db.select(starColumns).from(ratings),
    db
      .select({
        open: sql<number>`count(*) filter (where ${complaints.status} = 'open')::int`,
        answered: sql<number>`count(*) filter (where ${complaints.status} = 'answered')::int`,
      })
      .from(complaints)
      .where(inArray(complaints.status, ['open', 'answered'])),
  ]);
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
    rating: {
      average: stars && stars.count > 0 ? stars.average : null,
      count: stars?.count ?? 0,
      distribution: distributionOf(stars ?? { s1: 0, s2: 0, s3: 0, s4: 0, s5: 0 }),
    },
    complaints: { open: complaintCounts[0]?.open ?? 0, answered: complaintCounts[0]?.answered ?? 0 },
  };
}

export interface MonthRevenue {
  month: string;
  count: number;
  revenue: number;
}

/**
 * The dashboard's slow figures, all read at `at` so they agree with each other: revenue per month for
 * the last six local months, whole months (sessions booked later this month included), this month's and
 * last month's revenue taken from that same report, and bookings per package category. `revenue: false`
 * (staff, who do not see revenue) leaves the revenue out.
 */
export interface DashboardCharts {
  at: Date;
  revenue?: { months: RevenueReport; thisMonth: MonthRevenue; lastMonth: MonthRevenue };
  categories: CategoryBookings[];
}

/** Months in the revenue chart, this one included. */
export const CHART_MONTHS = 6;
/** The category chart counts sessions from this many days back to this many ahead (booked, not yet shot). */
export const CATEGORY_DAYS = { back: 90, ahead: 30 };

export async function dashboardCharts(
  db: DbOrTx,
  at: Date,
  options: { timeZone?: string; revenue: boolean },
): Promise<DashboardCharts> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const today = localDateOf(at, timeZone);
  const first = { year: today.year, month: today.month - (CHART_MONTHS - 1), day: 1 };
  if (first.month < 1) Object.assign(first, { year: first.year - 1, month: first.month + 12 });
  const [months, categories] = await Promise.all([
    options.revenue
      ? revenueReport(db, {
          from: formatIsoDate(first),
          to: monthOf(today).to,
          granularity: 'month',
          timeZone,
        })
      : undefined,
    bookingsPerCategory(db, {
      from: formatIsoDate(addDays(today, -CATEGORY_DAYS.back)),
      to: formatIsoDate(addDays(today, CATEGORY_DAYS.ahead)),
      timeZone,
    }),
  ]);
  if (!months) return { at, categories };
  const month = (p: RevenueReport['periods'][number]): MonthRevenue => ({
    month: p.period,
    count: p.count,
    revenue: p.revenue,
  });
  const [lastMonth, thisMonth] = months.periods.slice(-2).map(month);
  return { at, revenue: { months, thisMonth: thisMonth!, lastMonth: lastMonth! }, categories };
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
