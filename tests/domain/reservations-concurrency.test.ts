import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { reservations } from '../../db/schema/index.ts';
import { isAppError } from '../../src/errors.ts';
import {
  cancelReservation,
  confirmReservation,
  createReservation,
  rescheduleReservation,
} from '../../src/reservations/index.ts';
import { updateSettings } from '../../src/settings/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import {
  balanceOf,
  NOW,
  newCustomer,
  newHold,
  newStaff,
  portraitStudio,
  wib,
} from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let portrait: number;

beforeAll(async () => {
  // 25 connections so the racing transactions really run side by side.
  ({ database, db, portrait } = await portraitStudio({ max: 25 }));
  await updateSettings(db, { capacityPerSlot: 1 });
});
afterAll(async () => {
  await database?.drop();
});

function outcomes(results: PromiseSettledResult<unknown>[]): { ok: number; codes: string[] } {
  const codes = results.flatMap((r) =>
    r.status === 'rejected' ? [isAppError(r.reason) ? r.reason.code : String(r.reason)] : [],
  );
  return { ok: results.filter((r) => r.status === 'fulfilled').length, codes };
}

const activeAt = async (startAt: Date) =>
  db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.startAt, startAt), eq(reservations.status, 'pending_payment')));

describe('double booking is impossible', () => {
  it('50 customers at once for one capacity-1 slot: exactly one gets it', async () => {
    const startAt = wib('2026-12-02', '10:00');
    const customers = await Promise.all(Array.from({ length: 50 }, () => newCustomer(db)));
    const results = await Promise.allSettled(
      customers.map((customerId) =>
        createReservation(db, { customerId, productId: portrait, startAt, now: NOW }),
      ),
    );
    const { ok, codes } = outcomes(results);
    expect(ok).toBe(1);
    expect(codes).toEqual(Array.from({ length: 49 }, () => 'SLOT_FULL'));
    expect(await activeAt(startAt)).toHaveLength(1);
  });

  it('ten bookings moved at once into one free slot: exactly one lands', async () => {
    const staffId = await newStaff(db);
    const target = wib('2026-12-03', '15:00');
    const moving = [];
    for (let i = 0; i < 10; i++) {
      const time = `${String(9 + (i % 5)).padStart(2, '0')}:00`;
      const date = i < 5 ? '2026-12-03' : '2026-12-04';
      const { reservation } = await newHold(db, { productId: portrait, startAt: wib(date, time) });
      moving.push(reservation.id);
    }
    const results = await Promise.allSettled(
      moving.map((reservationId) =>
        rescheduleReservation(db, { reservationId, startAt: target, staffId, now: NOW }),
      ),
    );
    const { ok, codes } = outcomes(results);
    expect(ok).toBe(1);
    expect(codes).toEqual(Array.from({ length: 9 }, () => 'SLOT_FULL'));
    expect(await activeAt(target)).toHaveLength(1);
  });
});

describe('racing staff', () => {
  it('two staff confirming the same booking: one wins, the other hears ALREADY_DONE', async () => {
    const [first, second] = [await newStaff(db, 'Ani'), await newStaff(db, 'Budi')];
    const { reservation } = await newHold(db, { productId: portrait, startAt: wib('2026-12-05', '10:00') });
    const results = await Promise.allSettled([
      confirmReservation(db, { reservationId: reservation.id, staffId: first, now: NOW }),
      confirmReservation(db, { reservationId: reservation.id, staffId: second, now: NOW }),
    ]);
    expect(outcomes(results)).toEqual({ ok: 1, codes: ['ALREADY_DONE'] });
    const [row] = await db.select().from(reservations).where(eq(reservations.id, reservation.id));
    expect(row?.status).toBe('confirmed');
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect(row?.confirmedById).toBe([first, second][winner]);
  });

  it('two cancels at once refund the redeemed points once', async () => {
    const { reservation, customerId } = await newHold(db, {
      productId: portrait,
      startAt: wib('2026-12-05', '11:00'),
      balance: 1_000,
      redeem: 500,
    });
    expect(await balanceOf(db, customerId)).toBe(500);
    const results = await Promise.allSettled([
      cancelReservation(db, {
        reservationId: reservation.id,
        by: 'customer',
        customerId,
        reason: 'batal',
        now: NOW,
      }),
      cancelReservation(db, { reservationId: reservation.id, by: 'staff', reason: 'tidak bayar', now: NOW }),
    ]);
    expect(outcomes(results)).toEqual({ ok: 1, codes: ['ALREADY_DONE'] });
    expect(await balanceOf(db, customerId)).toBe(1_000);
  });
});
