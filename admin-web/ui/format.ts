import {
  formatDate,
  formatDateTime,
  formatRupiah,
  formatShortDate,
  formatTime,
  zoneAbbreviation,
} from '../../src/i18n/index.ts';
import { formatIsoDate, localDateOf } from '../../src/time.ts';
import type { PageContext } from './page-context.ts';

export const rupiah = formatRupiah;

/** "Rp 3,8 jt" / "Rp 450 rb" (en: "Rp 3.8 M" / "Rp 450 k"): for chart labels and cards with little room. */
export function compactRupiah(amount: number, locale: PageContext['locale']): string {
  if (amount >= 1_000_000) {
    const millions = (amount / 1_000_000).toLocaleString(locale === 'id' ? 'id-ID' : 'en-US', {
      maximumFractionDigits: 1,
    });
    return `Rp ${millions} ${locale === 'id' ? 'jt' : 'M'}`;
  }
  if (amount >= 1_000) return `Rp ${Math.round(amount / 1_000)} ${locale === 'id' ? 'rb' : 'k'}`;
  return formatRupiah(amount);
}

export function when(ctx: PageContext, instant: Date | null | undefined): string {
  return instant ? formatDateTime(instant, ctx.locale, ctx.timeZone) : '—';
}

export function day(ctx: PageContext, instant: Date | null | undefined): string {
  return instant ? formatDate(instant, ctx.locale, ctx.timeZone) : '—';
}

/** "Sab, 5 Des · 14.00 WIB": compact, for tables on a phone. */
export function shortWhen(ctx: PageContext, instant: Date | null | undefined): string {
  return instant
    ? `${formatShortDate(instant, ctx.locale, ctx.timeZone)} · ${formatTime(instant, ctx.locale, ctx.timeZone)}`
    : '—';
}

export function time(ctx: PageContext, instant: Date): string {
  return formatTime(instant, ctx.locale, ctx.timeZone);
}

/** "Jam kirim (WIB)": a label for a wall-clock time that staff type, read in the studio's zone. */
export function withZone(ctx: PageContext, label: string): string {
  return `${label} (${zoneAbbreviation(ctx.timeZone)})`;
}

/** "2026-11-29 08:34": a time a spreadsheet sorts and reads as one, on the studio's clock (not UTC). */
export function spreadsheetTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(
    instant,
  );
}

export function isoDay(ctx: PageContext, instant: Date): string {
  return formatIsoDate(localDateOf(instant, ctx.timeZone));
}

/** "3 jam 20 menit" / "3 h 20 min": how long someone has waited. */
export function duration(ctx: PageContext, totalMinutes: number): string {
  const minutes = Math.max(0, Math.round(totalMinutes));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours > 0
    ? ctx.t('admin.common.hoursMinutes', { hours, minutes: rest })
    : ctx.t('admin.common.minutes', { minutes: rest });
}

/**
 * A report period as people read it: "2026-11-01" is "Minggu, 1 November 2026" and "2026-11" is
 * "November 2026". Keys are calendar dates already in the studio's zone, so they are formatted in UTC.
 */
export function periodLabel(ctx: PageContext, key: string): string {
  if (key.length === 10) return formatDate(new Date(`${key}T12:00:00Z`), ctx.locale, 'UTC');
  return new Intl.DateTimeFormat(ctx.locale === 'id' ? 'id-ID' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${key}-15T12:00:00Z`));
}

export function stars(count: number): string {
  const full = Math.max(0, Math.min(5, Math.round(count)));
  return '★'.repeat(full) + '☆'.repeat(5 - full);
}
