import { describe, expect, it } from 'vitest';
import {
  errorMessage,
  formatDate,
  formatClock,
  formatDateTime,
  formatPhone,
  formatRupiah,
  formatTime,
  formatTimeRange,
  localeFromLanguageCode,
  t,
} from '../../src/i18n/index.ts';
import { addDays, parseIsoDate, zonedTimeToInstant } from '../../src/time.ts';

describe('texts customers read', () => {
  it('prints rupiah the Indonesian way', () => {
    expect(formatRupiah(150_000)).toBe('Rp 150.000');
    expect(formatRupiah(2_500_000)).toBe('Rp 2.500.000');
    expect(formatRupiah(0)).toBe('Rp 0');
    expect(formatRupiah(-25_000)).toBe('-Rp 25.000');
  });

  it('prints dates and times in the studio time zone, whatever the server clock', () => {
    // 02:00 UTC is 09:00 in Tanjungpinang (WIB, UTC+7).
    const instant = new Date('2026-12-05T02:00:00Z');
    expect(formatDate(instant, 'id', 'Asia/Jakarta')).toBe('Sabtu, 5 Desember 2026');
    expect(formatDate(instant, 'en', 'Asia/Jakarta')).toBe('Saturday, 5 December 2026');
    expect(formatTime(instant, 'id', 'Asia/Jakarta')).toBe('09.00 WIB');
    expect(formatDateTime(new Date('2026-12-04T18:30:00Z'), 'id', 'Asia/Jakarta')).toBe(
      'Sabtu, 5 Desember 2026, 01.30 WIB',
    );
  });

  it('names the zone once in a session range, and not at all on a bare clock', () => {
    const start = new Date('2026-12-05T07:00:00Z');
    const end = new Date('2026-12-05T08:30:00Z');
    expect(formatTimeRange(start, end, 'id', 'Asia/Jakarta')).toBe('14.00–15.30 WIB');
    expect(formatTimeRange(start, end, 'en', 'Asia/Makassar')).toBe('15:00–16:30 WITA');
    expect(formatClock(start, 'id', 'Asia/Jakarta')).toBe('14.00');
  });

  it('turns a studio wall-clock time into the right instant', () => {
    const date = parseIsoDate('2026-12-31')!;
    expect(zonedTimeToInstant(date, '09:00', 'Asia/Jakarta').toISOString()).toBe('2026-12-31T02:00:00.000Z');
    expect(zonedTimeToInstant(addDays(date, 1), '00:30', 'Asia/Jakarta').toISOString()).toBe(
      '2026-12-31T17:30:00.000Z',
    );
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
  });

  it('shows phone numbers readably', () => {
    expect(formatPhone('+6281234567890')).toBe('+62 812-3456-7890');
    expect(formatPhone(null)).toBe('-');
  });

  it('speaks Indonesian unless the customer clearly uses English', () => {
    expect(localeFromLanguageCode('en-US')).toBe('en');
    expect(localeFromLanguageCode('id')).toBe('id');
    expect(localeFromLanguageCode('ms')).toBe('id');
    expect(localeFromLanguageCode(undefined)).toBe('id');
  });

  it('asks for a rating without naming a day: it goes out ratingDelayHours after the session (3 by default)', () => {
    const params = { studio: 'Studio Potret', name: 'Sari', item: 'Wisuda Personal' };
    expect(t('id', 'notifications.ratingRequest', params)).toContain(
      'Bagaimana sesi "Wisuda Personal" Anda?',
    );
    expect(t('id', 'notifications.ratingRequest', params)).not.toMatch(/kemarin|tadi/);
    expect(t('en', 'notifications.ratingRequest', params)).not.toMatch(/yesterday|today/i);
  });

  it('has a friendly text for every error code in both languages, and fills placeholders', () => {
    expect(errorMessage('id', 'SLOT_FULL')).toMatch(/penuh/);
    expect(errorMessage('en', 'SLOT_FULL')).toMatch(/booked/);
    expect(t('id', 'common.minutes', { count: 45 })).toBe('45 menit');
    expect(t('en', 'common.status.awaiting_confirmation')).toBe('Awaiting confirmation');
  });
});
