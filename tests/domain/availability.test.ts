import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { products } from '../../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import {
  availableDates,
  availableSlots,
  cancelReservation,
  confirmReservation,
} from '../../src/reservations/index.ts';
import { updateSettings } from '../../src/settings/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { NOW, newHold, newStaff, productId, studioDatabase, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
const ids: Record<string, number> = {};
const hours = { open: '09:00', close: '18:00' };

beforeAll(async () => {
  database = await studioDatabase();
  db = database.db;
  for (const code of ['STD-01', 'WIS-01', 'KEL-01', 'KEL-02', 'NIK-01', 'ADD-10R', 'PRO-01'])
    ids[code] = await productId(db, code);
  // Closed on Sundays, 09:00–18:00 otherwise, hourly slots, two sessions at once.
  await updateSettings(db, {
    openingHours: [null, hours, hours, hours, hours, hours, hours],
    slotMinutes: 60,
    capacityPerSlot: 2,
  });
});
afterAll(async () => {
  await database?.drop();
});

async function book(code: string, date: string, time: string): Promise<number> {
  const { reservation } = await newHold(db, { productId: ids[code]!, startAt: wib(date, time) });
  return reservation.id;
}

const times = async (code: string, date: string, now = NOW) =>
  (await availableSlots(db, { productId: ids[code]!, date, now })).map((s) => s.time);

describe('available slots', () => {
  it('run every slot from opening, in the studio’s time zone, each with its free places', async () => {
    const slots = await availableSlots(db, { productId: ids['STD-01']!, date: '2026-12-02', now: NOW });
    expect(slots.map((s) => s.time)).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
      '17:00',
    ]);
    expect(slots[0]!.startAt.toISOString()).toBe('2026-12-02T02:00:00.000Z');
    expect(slots.every((s) => s.free === 2)).toBe(true);
  });

  it('only offer starts where the whole session ends by closing time', async () => {
    expect(await times('KEL-02', '2026-12-02')).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    expect(await times('NIK-01', '2026-12-02')).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
    ]);
  });

  it('are none on a closed day', async () => {
    expect(await times('STD-01', '2026-12-06')).toEqual([]);
  });

  it('never start at or before now', async () => {
    expect(await times('STD-01', '2026-12-01', wib('2026-12-01', '12:30'))).toEqual([
      '13:00',
      '14:00',
      '15:00',
      '16:00',
      '17:00',
    ]);
    expect(await times('STD-01', '2026-12-01', wib('2026-12-01', '13:00'))).toEqual([
      '14:00',
      '15:00',
      '16:00',
      '17:00',
    ]);
  });

  it('count active bookings against capacity; a cancelled one frees its place', async () => {
    const first = await book('KEL-01', '2026-12-03', '10:00');
    let slots = await availableSlots(db, { productId: ids['KEL-01']!, date: '2026-12-03', now: NOW });
    expect(slots.find((s) => s.time === '10:00')?.free).toBe(1);
    await book('STD-01', '2026-12-03', '10:00');
    expect(await times('KEL-01', '2026-12-03')).not.toContain('10:00');
    expect(await times('KEL-01', '2026-12-03')).toContain('11:00');
    await cancelReservation(db, { reservationId: first, by: 'staff', reason: 'test', now: NOW });
    slots = await availableSlots(db, { productId: ids['KEL-01']!, date: '2026-12-03', now: NOW });
    expect(slots.find((s) => s.time === '10:00')?.free).toBe(1);
  });

  it('need room in every slot a longer session covers', async () => {
    await book('KEL-01', '2026-12-04', '11:00');
    await book('KEL-01', '2026-12-04', '11:00');
    // 90 minutes from 10:00 reaches into the full 11:00 slot; from 09:00 it ends at 10:30.
    const long = await times('KEL-02', '2026-12-04');
    expect(long).toContain('09:00');
    expect(long).not.toContain('10:00');
    expect(long).not.toContain('11:00');
    expect(long).toContain('12:00');
    // And a 90-minute booking at 14:00 takes a place in both 14:00 and 15:00.
    await book('KEL-02', '2026-12-04', '14:00');
    const slots = await availableSlots(db, { productId: ids['STD-01']!, date: '2026-12-04', now: NOW });
    expect(slots.find((s) => s.time === '14:00')?.free).toBe(1);
    expect(slots.find((s) => s.time === '15:00')?.free).toBe(1);
    expect(slots.find((s) => s.time === '16:00')?.free).toBe(2);
  });

  it('follow the zone the caller passes', async () => {
    const slots = await availableSlots(db, {
      productId: ids['STD-01']!,
      date: '2026-12-02',
      now: NOW,
      timeZone: 'Asia/Makassar',
    });
    expect(slots[0]).toMatchObject({ time: '09:00', startAt: new Date('2026-12-02T01:00:00Z') });
  });

  it('are refused for unknown, add-on and inactive products and bad dates', async () => {
    const attempt = (productId: number, date = '2026-12-02') =>
      availableSlots(db, { productId, date, now: NOW });
    await expect(attempt(999_999)).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    await expect(attempt(ids['ADD-10R']!)).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    await expect(attempt(ids['STD-01']!, '2026-02-30')).rejects.toMatchObject({ code: 'VALIDATION' });
    await db.update(products).set({ active: false }).where(eq(products.id, ids['PRO-01']!));
    await expect(attempt(ids['PRO-01']!)).rejects.toMatchObject({ code: 'PRODUCT_INACTIVE' });
  });
});

describe('after the owner changes the slot length', () => {
  it('sessions booked on the old grid still hold every new slot they overlap', async () => {
    const staffId = await newStaff(db);
    const confirmed = await book('KEL-01', '2026-12-08', '10:00'); // 10:00–11:00
    await confirmReservation(db, { reservationId: confirmed, staffId, now: NOW });
    await book('KEL-01', '2026-12-08', '10:00');
    await updateSettings(db, { slotMinutes: 30 });
    try {
      const half = await times('STD-01', '2026-12-08');
      expect(half.slice(0, 4)).toEqual(['09:00', '09:30', '11:00', '11:30']);
      expect(half.at(-1)).toBe('17:30');
      // 45 minutes from 09:30 reaches into the full 10:00 half-hour.
      const wisuda = await times('WIS-01', '2026-12-08');
      expect(wisuda.slice(0, 2)).toEqual(['09:00', '11:00']);
      expect(wisuda.at(-1)).toBe('17:00');
    } finally {
      await updateSettings(db, { slotMinutes: 60 });
    }
  });
});

describe('available dates', () => {
  it('list the next 14 days that are open, today first', async () => {
    const dates = await availableDates(db, { productId: ids['STD-01']!, now: NOW });
    expect(dates[0]).toEqual({ date: '2026-12-01', freeSlots: 9 });
    expect(dates.map((d) => d.date)).not.toContain('2026-12-06');
    expect(dates.map((d) => d.date)).not.toContain('2026-12-13');
    expect(dates.at(-1)?.date).toBe('2026-12-14');
    expect(dates).toHaveLength(12);
  });

  it('leave out a day with no free slot left, and today once its last slot has begun', async () => {
    for (const time of ['09:00', '13:00'])
      for (let i = 0; i < 2; i++) await book('NIK-01', '2026-12-10', time);
    expect(
      (await availableDates(db, { productId: ids['STD-01']!, now: NOW })).find(
        (d) => d.date === '2026-12-10',
      ),
    ).toEqual({
      date: '2026-12-10',
      freeSlots: 1,
    });
    for (let i = 0; i < 2; i++) await book('KEL-01', '2026-12-10', '17:00');
    const late = wib('2026-12-01', '17:00');
    const dates = (await availableDates(db, { productId: ids['STD-01']!, now: late })).map((d) => d.date);
    expect(dates).not.toContain('2026-12-10');
    expect(dates).not.toContain('2026-12-01');
    expect(dates[0]).toBe('2026-12-02');
  });
});
