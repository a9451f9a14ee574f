import { addDays, type LocalDate, localDateOf, weekdayOf, zonedTimeToInstant } from '../../src/time.ts';

/**
 * The tests' "now". A test that depends on the day takes it from here (through its harness's clock),
 * never from `new Date()`, so it passes on every day of the year: `npm test` runs the date-sensitive
 * files (tests/date-sensitive.txt) again under each of `pinnedNows()` through POTRET_TEST_NOW.
 *
 * Why the instants are computed from the real date instead of written down: some paths still run on
 * real time, and rightly so: Postgres now() (row defaults, the outbox's due time), BullMQ's delays, the
 * product processes tests start, Chromium (it drops a session cookie whose expiry, set from the app's
 * clock, has passed by its own). A test "now" a week or more AFTER the real date keeps their rows in
 * the test's past, as they would be in production. A literal date would drift into the past and stop
 * being so. The weekday, the time of day and the kind of day (mid-month, month end) are fixed.
 */

const TZ = 'Asia/Jakarta';

/** Days between the real date and the earliest test "now" (real-time rows stay in the test's past). */
const LEAD_DAYS = 7;

/** The first local date on or after `from` that satisfies `fits` (searched up to 400 days: a year's 31 Dec). */
function firstDate(from: LocalDate, fits: (date: LocalDate) => boolean): LocalDate {
  for (let i = 0; i < 400; i += 1) {
    const date = addDays(from, i);
    if (fits(date)) return date;
  }
  throw new Error('no such date within 400 days');
}

const wibAt = (date: LocalDate, time: string, seconds = 0) =>
  new Date(zonedTimeToInstant(date, time, TZ).getTime() + seconds * 1000);

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * The default "now": a Wednesday at 10:00 WIB between the 8th and the 21st of its month, at least a
 * week after the real date. The studio is open, today still has slots, and the next two weeks are an
 * ordinary stretch (the month and year ends have pinned runs of their own).
 */
export function defaultTestNow(realNow: Date = new Date()): Date {
  const earliest = addDays(localDateOf(realNow, TZ), LEAD_DAYS);
  return wibAt(
    firstDate(earliest, (d) => weekdayOf(d) === 3 && d.day >= 8 && d.day <= 21),
    '10:00',
  );
}

export interface PinnedNow {
  name: string;
  at: Date;
}

/**
 * The "now" values the date-sensitive files also run under. Each weekday but Wednesday (the default's,
 * which the main run has) at a time that matters for the studio's day (before opening, at opening,
 * mid-day, after the last slot); a month's last day (not December's), 31 December, and the WIB midnight
 * edge on both sides: 23:59:30 WIB on a Saturday (16:59:30 UTC, Sunday's shorter hours are 30 s away)
 * and 00:00:30 WIB on a Monday (17:00:30 UTC on Sunday: the UTC date is still yesterday's).
 */
export function pinnedNows(realNow: Date = new Date()): PinnedNow[] {
  const earliest = addDays(localDateOf(realNow, TZ), LEAD_DAYS);
  const next = (weekday: number) => firstDate(earliest, (d) => weekdayOf(d) === weekday);
  const weekdayTimes: Record<Exclude<(typeof WEEKDAYS)[number], 'wed'>, string> = {
    mon: '09:00', // the studio opens: the first slot is not bookable any more
    tue: '12:30',
    thu: '17:30', // after the last hour-long slot of the day
    fri: '08:00', // before opening: all of today is still ahead
    sat: '15:00',
    sun: '09:30', // Sunday opens at 10:00
  };
  const isMonthEnd = (d: LocalDate) => addDays(d, 1).month !== d.month;
  return [
    ...[1, 2, 4, 5, 6, 0].map((weekday) => {
      const name = WEEKDAYS[weekday] as keyof typeof weekdayTimes;
      return { name, at: wibAt(next(weekday), weekdayTimes[name]) };
    }),
    {
      name: 'month-end',
      at: wibAt(
        firstDate(earliest, (d) => isMonthEnd(d) && d.month !== 12),
        '16:00',
      ),
    },
    {
      name: 'year-end',
      at: wibAt(
        firstDate(earliest, (d) => d.month === 12 && d.day === 31),
        '11:00',
      ),
    },
    { name: 'wib-before-midnight', at: wibAt(next(6), '23:59', 30) },
    { name: 'wib-after-midnight', at: wibAt(next(1), '00:00', 30) },
  ];
}

/**
 * This run's "now": POTRET_TEST_NOW (an ISO instant) when set, else `defaultTestNow()`. The test run's
 * global set-up writes the default into POTRET_TEST_NOW, so every test process of one run agrees on it
 * even when the run crosses midnight.
 */
export function testNow(): Date {
  const pinned = process.env.POTRET_TEST_NOW;
  if (!pinned) return defaultTestNow();
  const at = new Date(pinned);
  if (Number.isNaN(at.getTime())) throw new Error(`POTRET_TEST_NOW is not an ISO instant: ${pinned}`);
  return at;
}
