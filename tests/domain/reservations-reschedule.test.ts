import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { reservations } from '../../db/schema/index.ts';
import {
  confirmReservation,
  createReservation,
  getReservation,
  rescheduleReservation,
} from '../../src/reservations/index.ts';
import { updateSettings } from '../../src/settings/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { NOW, newCustomer, newStaff, productId, studioDatabase, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let family: number;
let portrait: number;
let staffId: number;

beforeAll(async () => {
  database = await studioDatabase();
  db = database.db;
  family = await productId(db, 'KEL-02'); // 90 minutes
  portrait = await productId(db, 'STD-01'); // 30 minutes
  staffId = await newStaff(db);
  await updateSettings(db, { capacityPerSlot: 1 });
});
afterAll(async () => {
  await database?.drop();
});

async function book(productId: number, date: string, time: string) {
  const { reservation } = await createReservation(db, {
    customerId: await newCustomer(db),
    productId,
    startAt: wib(date, time),
    now: NOW,
  });
  return reservation;
}

describe('rescheduleReservation', () => {
  it('moves a confirmed session, keeping its status and length, and makes the reminder due again', async () => {
    const booked = await book(family, '2026-12-02', '09:00');
    await confirmReservation(db, { reservationId: booked.id, staffId, now: NOW });
    await db.update(reservations).set({ reminderSentAt: NOW }).where(eq(reservations.id, booked.id));
    const moved = await rescheduleReservation(db, {
      reservationId: booked.id,
      staffId,
      startAt: wib('2026-12-03', '13:00'),
      now: NOW,
    });
    expect(moved).toMatchObject({
      status: 'confirmed',
      startAt: wib('2026-12-03', '13:00'),
      endAt: wib('2026-12-03', '14:30'),
      reminderSentAt: null,
    });
  });

  it('refuses moving onto the same customer’s other booking unless staff allow it on purpose', async () => {
    const customerId = await newCustomer(db);
    const booking = (time: string) =>
      createReservation(db, { customerId, productId: portrait, startAt: wib('2026-12-15', time), now: NOW });
    const { reservation: first } = await booking('09:00');
    const { reservation: second } = await booking('11:00');
    const move = { reservationId: second.id, staffId, startAt: wib('2026-12-15', '09:00'), now: NOW };
    await updateSettings(db, { capacityPerSlot: 2 });
    try {
      await expect(rescheduleReservation(db, move)).rejects.toMatchObject({
        code: 'CUSTOMER_DOUBLE_BOOKED',
        details: { code: first.code },
      });
      expect((await getReservation(db, second.id))?.startAt).toEqual(wib('2026-12-15', '11:00'));
      const moved = await rescheduleReservation(db, { ...move, allowDoubleBooking: true });
      expect(moved.startAt).toEqual(wib('2026-12-15', '09:00'));
    } finally {
      await updateSettings(db, { capacityPerSlot: 1 });
    }
  });

  it('may overlap the booking’s own old time', async () => {
    const booked = await book(family, '2026-12-04', '10:00');
    const moved = await rescheduleReservation(db, {
      reservationId: booked.id,
      staffId,
      startAt: wib('2026-12-04', '11:00'),
      now: NOW,
    });
    expect(moved.startAt).toEqual(wib('2026-12-04', '11:00'));
  });

  it('checks the new time’s capacity like a booking does, changing nothing when full', async () => {
    await book(portrait, '2026-12-05', '12:00');
    const booked = await book(family, '2026-12-05', '09:00');
    // 90 minutes from 11:00 reaches into the taken 12:00 slot.
    for (const time of ['11:00', '12:00']) {
      await expect(
        rescheduleReservation(db, {
          reservationId: booked.id,
          staffId,
          startAt: wib('2026-12-05', time),
          now: NOW,
        }),
      ).rejects.toMatchObject({ code: 'SLOT_FULL' });
    }
    expect(await getReservation(db, booked.id)).toMatchObject({ startAt: wib('2026-12-05', '09:00') });
  });

  it.each([
    ['half past', wib('2026-12-08', '09:30'), 'SLOT_INVALID', '09:00'],
    ['too late to end by closing', wib('2026-12-08', '17:00'), 'SLOT_INVALID', '11:00'],
    ['in the past', wib('2026-11-30', '09:00'), 'SLOT_IN_PAST', '13:00'],
  ])('refuses a time %s', async (_label, startAt, code, from) => {
    const booked = await book(family, '2026-12-07', from);
    await expect(
      rescheduleReservation(db, { reservationId: booked.id, staffId, startAt, now: NOW }),
    ).rejects.toMatchObject({ code });
  });

  it('refuses a closed day', async () => {
    await updateSettings(db, {
      openingHours: [null, ...Array.from({ length: 6 }, () => ({ open: '09:00', close: '18:00' }))],
    });
    const booked = await book(family, '2026-12-09', '09:00');
    await expect(
      rescheduleReservation(db, {
        reservationId: booked.id,
        staffId,
        startAt: wib('2026-12-13', '10:00'),
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'STUDIO_CLOSED' });
  });

  it('brings an unpaid hold’s deadline forward to the new start', async () => {
    const booked = await book(portrait, '2026-12-10', '09:00');
    expect(booked.paymentDeadline).toEqual(new Date(NOW.getTime() + 24 * 3_600_000));
    const moved = await rescheduleReservation(db, {
      reservationId: booked.id,
      staffId,
      startAt: wib('2026-12-01', '10:00'),
      now: NOW,
    });
    expect(moved).toMatchObject({ status: 'pending_payment', paymentDeadline: wib('2026-12-01', '10:00') });
  });
});
