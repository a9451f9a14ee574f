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

export type CandidateStart = Readonly<{ slot: GridSlot; covered: readonly GridSlot[]; endAt: Date }>;

/**
 * candidateStarts is pure and hot: the chat's date picker lays out 14 days of it per step, each day
 * ~2 zonedTimeToInstant per slot and a covered-slots scan. Keyed by everything it reads; 2,000 entries
 * hold a studio's few durations and weekly hours for years of days, and are dropped together when full.
 */
const candidateMemo = new Map<string, readonly CandidateStart[]>();
const CANDIDATE_MEMO_MAX = 2_000;

/**
 * Starts on the grid where a session of `durationMinutes` (at least one slot) ends by closing time,
 * each with the grid slots it covers. The answer is shared between callers: read it, never change it.
 */
export function candidateStarts(
  settings: ScheduleSettings,
  date: LocalDate,
  durationMinutes: number,
  timeZone: string,
): readonly CandidateStart[] {
  const hours = settings.openingHours[weekdayOf(date)];
  if (!hours) return [];
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}|${durationMinutes}|${settings.slotMinutes}|${hours.open}-${hours.close}`;
  const known = candidateMemo.get(key);
  if (known) return known;
  const grid = dayGrid(settings, date, timeZone);
  const closeAt = zonedTimeToInstant(date, hours.close, timeZone).getTime();
  const span = Math.max(durationMinutes, settings.slotMinutes) * 60_000;
  const length = sessionMinutes(durationMinutes, settings.slotMinutes) * 60_000;
  const starts = Object.freeze(
    grid
      .filter((slot) => slot.startAt.getTime() + span <= closeAt)
      .map((slot) => {
        const start = slot.startAt.getTime();
        const covered = Object.freeze(
          grid.filter((g) => g.startAt.getTime() < start + span && g.endAt.getTime() > start),
        );
        return Object.freeze({ slot, covered, endAt: new Date(start + length) });
      }),
  );
  if (candidateMemo.size >= CANDIDATE_MEMO_MAX) candidateMemo.clear();
  candidateMemo.set(key, starts);
  return starts;
}

export interface ResolvedSlot {
  date: LocalDate;
  isoDate: string;
  startAt: Date;
  endAt: Date;
  covered: readonly GridSlot[];
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
