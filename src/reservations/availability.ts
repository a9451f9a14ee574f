import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { AppError } from '../errors.ts';
import type { ReadCache } from '../settings/cache.ts';
import { getSettings, type StudioSettings } from '../settings/settings.ts';
import {
  addDays,
  formatIsoDate,
  type LocalDate,
  localDateOf,
  parseIsoDate,
  zonedTimeToInstant,
} from '../time.ts';
import { parseInput } from '../validation.ts';
import { type Busy, busyBetween, freeFor } from './capacity.ts';
import { bookablePackage } from './product.ts';
import { candidateStarts, DEFAULT_TIME_ZONE } from './schedule.ts';
import type { AvailableDate, AvailableSlot, ZoneOption } from './types.ts';

const datesInput = z.object({
  productId: z.number().int().positive(),
  now: z.date().optional(),
  timeZone: z.string().optional(),
});

const slotsInput = datesInput.extend({ date: z.string() });

export interface AvailableDatesInput extends ZoneOption {
  productId: number;
  now?: Date;
}

export interface AvailableSlotsInput extends AvailableDatesInput {
  /** Local 'YYYY-MM-DD' in the studio's zone. */
  date: string;
}

/**
 * The next bookingHorizonDays local days (today first) on which the product fits at least once.
 * A `cache` serves the settings and the product (what the chat shows); busy slots are always read.
 */
export async function availableDates(
  db: DbOrTx,
  input: AvailableDatesInput,
  cache?: ReadCache,
): Promise<AvailableDate[]> {
  const { productId, now = new Date(), timeZone = DEFAULT_TIME_ZONE } = parseInput(datesInput, input);
  // Issued together on the same handle, postgres.js sends both in one socket write; the busy read
  // needs the horizon, so it follows.
  const [settings, product] = await Promise.all([
    getSettings(db, cache),
    bookablePackage(db, productId, cache),
  ]);
  const today = localDateOf(now, timeZone);
  const days = Array.from({ length: settings.bookingHorizonDays }, (_, i) => addDays(today, i));
  const from = zonedTimeToInstant(today, '00:00', timeZone);
  const to = zonedTimeToInstant(addDays(today, settings.bookingHorizonDays), '00:00', timeZone);
  // One query for the whole horizon; the per-day arithmetic happens in memory.
  const busy = await busyBetween(db, from, to);
  const result: AvailableDate[] = [];
  for (const day of days) {
    const freeSlots = slotsOn(settings, day, product.durationMinutes, busy, now, timeZone).length;
    if (freeSlots > 0) result.push({ date: formatIsoDate(day), freeSlots });
  }
  return result;
}

/** Starts on one local date where the product still fits, none at or before `now`; `cache` as for availableDates. */
export async function availableSlots(
  db: DbOrTx,
  input: AvailableSlotsInput,
  cache?: ReadCache,
): Promise<AvailableSlot[]> {
  const { productId, date, now = new Date(), timeZone = DEFAULT_TIME_ZONE } = parseInput(slotsInput, input);
  const day = parseIsoDate(date);
  if (!day)
    throw new AppError('VALIDATION', `bad date ${date}`, {
      fields: [{ field: 'date', message: 'use YYYY-MM-DD' }],
    });
  // Three independent reads issued together: one socket write on the connection.
  const [settings, product, busy] = await Promise.all([
    getSettings(db, cache),
    bookablePackage(db, productId, cache),
    busyBetween(
      db,
      zonedTimeToInstant(day, '00:00', timeZone),
      zonedTimeToInstant(addDays(day, 1), '00:00', timeZone),
    ),
  ]);
  return slotsOn(settings, day, product.durationMinutes, busy, now, timeZone);
}

function slotsOn(
  settings: Pick<StudioSettings, 'openingHours' | 'slotMinutes' | 'capacityPerSlot'>,
  day: LocalDate,
  durationMinutes: number,
  busy: Busy[],
  now: Date,
  timeZone: string,
): AvailableSlot[] {
  return candidateStarts(settings, day, durationMinutes, timeZone)
    .filter((c) => c.slot.startAt.getTime() > now.getTime())
    .map((c) => ({
      startAt: c.slot.startAt,
      time: c.slot.time,
      free: freeFor(busy, c.covered, settings.capacityPerSlot),
    }))
    .filter((slot) => slot.free > 0);
}
