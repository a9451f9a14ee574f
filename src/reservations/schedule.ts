import { AppError } from '../errors.ts';
import type { StudioSettings } from '../settings/settings.ts';
import {
  formatIsoDate,
  type LocalDate,
  localDateOf,
  minutesOfDay,
  timeOfMinutes,
  weekdayOf,
  zonedParts,
  zonedTimeToInstant,
} from '../time.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

type ScheduleSettings = Pick<StudioSettings, 'openingHours' | 'slotMinutes'>;

export interface GridSlot {
  startAt: Date;
  endAt: Date;
  /** Local 'HH:MM'. */
  time: string;
}

/** How long a session holds the studio, in minutes: its own duration, or one slot for a product without one. */
export function sessionMinutes(durationMinutes: number, slotMinutes: number): number {
  return durationMinutes > 0 ? durationMinutes : slotMinutes;
}

/** Every slot of a day's opening hours, open to close in steps of slotMinutes; [] when closed. */
function dayGrid(settings: ScheduleSettings, date: LocalDate, timeZone: string): GridSlot[] {
  const hours = settings.openingHours[weekdayOf(date)];
  if (!hours) return [];
  const open = minutesOfDay(hours.open);
  const close = minutesOfDay(hours.close);
  const slots: GridSlot[] = [];
  for (let minute = open; minute < close; minute += settings.slotMinutes) {
    const time = timeOfMinutes(minute);
    const startAt = zonedTimeToInstant(date, time, timeZone);
    const endMinute = Math.min(minute + settings.slotMinutes, close);
    slots.push({ startAt, endAt: zonedTimeToInstant(date, timeOfMinutes(endMinute), timeZone), time });
  }
  return slots;
}

/**
 * Starts on the grid where a session of `durationMinutes` (at least one slot) ends by closing time,
 * each with the grid slots it covers.
 */
export function candidateStarts(
  settings: ScheduleSettings,
  date: LocalDate,
  durationMinutes: number,
  timeZone: string,
): Array<{ slot: GridSlot; covered: GridSlot[]; endAt: Date }> {
  const grid = dayGrid(settings, date, timeZone);
  const hours = settings.openingHours[weekdayOf(date)];
  if (!hours) return [];
  const closeAt = zonedTimeToInstant(date, hours.close, timeZone).getTime();
  const span = Math.max(durationMinutes, settings.slotMinutes) * 60_000;
  const length = sessionMinutes(durationMinutes, settings.slotMinutes) * 60_000;
  return grid
    .filter((slot) => slot.startAt.getTime() + span <= closeAt)
    .map((slot) => {
      const start = slot.startAt.getTime();
      const covered = grid.filter((g) => g.startAt.getTime() < start + span && g.endAt.getTime() > start);
      return { slot, covered, endAt: new Date(start + length) };
    });
}

export interface ResolvedSlot {
  date: LocalDate;
  isoDate: string;
  startAt: Date;
  endAt: Date;
  covered: GridSlot[];
}

/**
 * Checks that `startAt` is a bookable start for a session of that length: the studio is open that day
 * (STUDIO_CLOSED), it lies on the slot grid and ends by closing (SLOT_INVALID), and it is after `now`
 * (SLOT_IN_PAST).
 */
export function resolveSlot(
  settings: ScheduleSettings,
  startAt: Date,
  durationMinutes: number,
  now: Date,
  timeZone: string,
): ResolvedSlot {
  const date = localDateOf(startAt, timeZone);
  if (!settings.openingHours[weekdayOf(date)]) {
    throw new AppError('STUDIO_CLOSED', `closed on ${formatIsoDate(date)}`);
  }
  const match = candidateStarts(settings, date, durationMinutes, timeZone).find(
    (c) => c.slot.startAt.getTime() === startAt.getTime(),
  );
  if (!match) {
    const { hour, minute } = zonedParts(startAt, timeZone);
    throw new AppError(
      'SLOT_INVALID',
      `no slot at ${formatIsoDate(date)} ${timeOfMinutes(hour * 60 + minute)}`,
    );
  }
  if (startAt.getTime() <= now.getTime()) throw new AppError('SLOT_IN_PAST');
  return { date, isoDate: formatIsoDate(date), startAt, endAt: match.endAt, covered: match.covered };
}
