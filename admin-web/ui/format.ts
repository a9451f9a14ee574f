import {
  formatDate,
  formatDateTime,
  formatRupiah,
  formatShortDate,
  formatTime,
} from '../../src/i18n/index.ts';
import { formatIsoDate, localDateOf } from '../../src/time.ts';
import type { PageContext } from './page-context.ts';

export const rupiah = formatRupiah;

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

export function isoDay(ctx: PageContext, instant: Date): string {
  return formatIsoDate(localDateOf(instant, ctx.timeZone));
}

/** "3 jam 20 menit" / "3 h 20 min": how long someone has waited. */
export function duration(ctx: PageContext, ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (ctx.locale === 'id') return hours > 0 ? `${hours} jam ${rest} menit` : `${rest} menit`;
  return hours > 0 ? `${hours} h ${rest} min` : `${rest} min`;
}

export function stars(count: number): string {
  const full = Math.max(0, Math.min(5, Math.round(count)));
  return '★'.repeat(full) + '☆'.repeat(5 - full);
}
