import type { PageContext } from './page-context.ts';

/**
 * A chart column's month, short enough for a phone: "2026-11" is "Nov" (or "Nov 26" with `year`).
 * Keys are calendar months already in the studio's zone, so they are formatted in UTC.
 */
export function shortMonthLabel(
  key: string,
  locale: PageContext['locale'],
  options: { year?: boolean } = {},
): string {
  return new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-GB', {
    month: 'short',
    ...(options.year ? { year: '2-digit' as const } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${key}-15T12:00:00Z`));
}
