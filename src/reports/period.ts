import { and, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { reservations } from '../../db/schema/index.ts';
import { DEFAULT_TIME_ZONE } from '../reservations/index.ts';
import { addDays, formatIsoDate, type LocalDate, parseIsoDate, zonedTimeToInstant } from '../time.ts';

/**
 * Revenue is earned by these statuses: paid and confirmed, done, or paid for a session the customer did
 * not come to (the studio kept the slot and the payment; a refund is a cancellation). Pending holds may
 * still expire, and cancelled bookings are refunded, so neither counts.
 */
export const EARNING_STATUSES = ['confirmed', 'completed', 'no_show'] as const;

const isoDate = z.string().refine((v) => parseIsoDate(v) !== undefined, 'must be a date like 2026-12-31');
const timeZone = z
  .string()
  // Reports read periods on the studio's wall clock, the same zone bookings are made in.
  .default(DEFAULT_TIME_ZONE)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not a known time zone');

/** A period of whole local days, both ends included: {from: '2026-11-01', to: '2026-11-30'}. */
export const periodSchema = z
  .object({ from: isoDate, to: isoDate, timeZone })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' });
export type PeriodInput = z.input<typeof periodSchema>;

/** A period that may be left out entirely ("all time"); half of one is refused. */
export const optionalPeriodSchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional(), timeZone })
  .refine((p) => (p.from === undefined) === (p.to === undefined), {
    path: ['to'],
    message: 'give both from and to, or neither',
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, {
    path: ['to'],
    message: 'must not be before from',
  });
export type OptionalPeriodInput = z.input<typeof optionalPeriodSchema>;

export interface ResolvedPeriod {
  from: LocalDate;
  to: LocalDate;
  timeZone: string;
  /** First instant of `from`, local midnight. */
  start: Date;
  /** First instant after `to`: local midnight of the next day (half-open, so no instant is lost). */
  end: Date;
  days: number;
}

export function resolvePeriod(p: { from: string; to: string; timeZone: string }): ResolvedPeriod {
  const from = parseIsoDate(p.from)!;
  const to = parseIsoDate(p.to)!;
  const start = zonedTimeToInstant(from, '00:00', p.timeZone);
  const end = zonedTimeToInstant(addDays(to, 1), '00:00', p.timeZone);
  const days =
    Math.round(
      (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000,
    ) + 1;
  return { from, to, timeZone: p.timeZone, start, end, days };
}

/** Bookings that earned money with their session in the period: every sales figure counts by session date. */
export function earnedIn(period: ResolvedPeriod): SQL {
  return and(
    inArray(reservations.status, [...EARNING_STATUSES]),
    gte(reservations.startAt, period.start),
    lt(reservations.startAt, period.end),
  )!;
}

/** Every period key from `from` to `to`: 'YYYY-MM-DD' per day or 'YYYY-MM' per month. */
export function periodKeys(period: ResolvedPeriod, granularity: 'day' | 'month'): string[] {
  const keys: string[] = [];
  if (granularity === 'day') {
    for (let d = period.from, i = 0; i < period.days; d = addDays(d, 1), i++) keys.push(formatIsoDate(d));
    return keys;
  }
  // Months counted from year 0, so the loop is one integer walk across year ends.
  const last = period.to.year * 12 + period.to.month - 1;
  for (let n = period.from.year * 12 + period.from.month - 1; n <= last; n++) {
    keys.push(`${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`);
  }
  return keys;
}

/** The local month holding `date`, as a period of whole days. */
export function monthOf(date: LocalDate): { from: string; to: string } {
  const first = { year: date.year, month: date.month, day: 1 };
  const nextFirst =
    date.month === 12
      ? { year: date.year + 1, month: 1, day: 1 }
      : { year: date.year, month: date.month + 1, day: 1 };
  return { from: formatIsoDate(first), to: formatIsoDate(addDays(nextFirst, -1)) };
}
