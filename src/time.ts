/**
 * Wall-clock helpers for the studio's time zone (Asia/Jakarta by default, UTC+7 without DST,
 * but computed through Intl so another zone works too).
 */

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface ZonedParts extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday, as Date#getDay. */
  weekday: number;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays.indexOf(parts.weekday ?? 'Sun'),
  };
}

/** Offset of the zone from UTC at that instant, in minutes (Asia/Jakarta: +420). */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * zonedTimeToInstant is pure and hot: availability lays out every slot of the next 14 days on each
 * chat step (~300 calls of ~20 µs, two formatToParts each). 10,000 entries ≈ 2 years of a day's grid.
 */
const instantMemo = new Map<string, number>();
const INSTANT_MEMO_MAX = 10_000;

/** The instant at which the studio's clock shows `date` at `hh:mm`. */
export function zonedTimeToInstant(date: LocalDate, time: string, timeZone: string): Date {
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}|${time}`;
  const known = instantMemo.get(key);
  if (known !== undefined) return new Date(known);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(date.year, date.month - 1, date.day, hh ?? 0, mm ?? 0);
  const offset = zoneOffsetMinutes(new Date(guess), timeZone);
  const instant = new Date(guess - offset * 60_000);
  const check = zoneOffsetMinutes(instant, timeZone);
  const result = check === offset ? instant : new Date(guess - check * 60_000);
  if (instantMemo.size >= INSTANT_MEMO_MAX) instantMemo.clear();
  instantMemo.set(key, result.getTime());
  return result;
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = zonedParts(instant, timeZone);
  return { year, month, day };
}

/** "2026-12-05" */
export function formatIsoDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function parseIsoDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (check.getUTCMonth() !== date.month - 1 || check.getUTCDate() !== date.day) return undefined;
  return date;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function minutesOfDay(time: string): number {
  const [hh, mm] = time.split(':').map(Number);
  return (hh ?? 0) * 60 + (mm ?? 0);
}

export function timeOfMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A clock the domain asks for "now", so tests can move time. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
