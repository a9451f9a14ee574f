import { describe, expect, it } from 'vitest';
import { candidateStarts } from '../../src/reservations/schedule.ts';

const day = { year: 2026, month: 12, day: 7 }; // a Monday
type OpeningHours = Parameters<typeof candidateStarts>[0]['openingHours'];
const hours = (open: string, close: string): OpeningHours =>
  Array.from({ length: 7 }, () => ({ open, close }));
const times = (starts: ReturnType<typeof candidateStarts>) => starts.map((s) => s.slot.time);

/** The slot grid the date and slot pickers are built from (remembered between calls). */
describe('candidateStarts', () => {
  it('follows a change of opening hours and slot length on the same day', () => {
    const early = candidateStarts(
      { openingHours: hours('09:00', '12:00'), slotMinutes: 60 },
      day,
      60,
      'Asia/Jakarta',
    );
    expect(times(early)).toEqual(['09:00', '10:00', '11:00']);
    const later = candidateStarts(
      { openingHours: hours('10:00', '12:00'), slotMinutes: 60 },
      day,
      60,
      'Asia/Jakarta',
    );
    expect(times(later)).toEqual(['10:00', '11:00']);
    const halfHours = candidateStarts(
      { openingHours: hours('10:00', '12:00'), slotMinutes: 30 },
      day,
      60,
      'Asia/Jakarta',
    );
    expect(times(halfHours)).toEqual(['10:00', '10:30', '11:00']);
    expect(halfHours[0]!.covered.map((g) => g.time)).toEqual(['10:00', '10:30']);
  });

  it('depends on the session length and the zone', () => {
    const settings = { openingHours: hours('09:00', '12:00'), slotMinutes: 60 };
    expect(times(candidateStarts(settings, day, 120, 'Asia/Jakarta'))).toEqual(['09:00', '10:00']);
    const jakarta = candidateStarts(settings, day, 60, 'Asia/Jakarta')[0]!.slot.startAt;
    const makassar = candidateStarts(settings, day, 60, 'Asia/Makassar')[0]!.slot.startAt;
    expect(jakarta.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(makassar.toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });

  it('is closed on a day without hours, and a repeated answer cannot be changed by a caller', () => {
    const closedMonday = hours('09:00', '12:00').map((h, weekday) => (weekday === 1 ? null : h));
    expect(candidateStarts({ openingHours: closedMonday, slotMinutes: 60 }, day, 60, 'Asia/Jakarta')).toEqual(
      [],
    );
    const settings = { openingHours: hours('09:00', '11:00'), slotMinutes: 60 };
    const first = candidateStarts(settings, day, 60, 'Asia/Jakarta');
    expect(candidateStarts(settings, day, 60, 'Asia/Jakarta')).toBe(first);
    expect(() => (first as unknown as unknown[]).push('x')).toThrow();
  });
});
