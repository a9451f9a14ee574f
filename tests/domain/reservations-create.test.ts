import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { pointsLedger, products } from '../../db/schema/index.ts';
import { createReservation, getReservationDetail, quoteReservation } from '../../src/reservations/index.ts';
import { updateSettings } from '../../src/settings/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import {
  balanceOf,
  bundleFor,
  countRows,
  NOW,
  newCustomer,
  productId,
  studioDatabase,
  wib,
} from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let wisuda: number;
let family: number;
let mua: number;
const hours = { open: '09:00', close: '18:00' };

beforeAll(async () => {
  database = await studioDatabase();
  db = database.db;
  wisuda = await productId(db, 'WIS-01'); // Rp 200.000, 45 minutes
  family = await productId(db, 'KEL-02'); // Rp 650.000, 90 minutes
  mua = await bundleFor(db, 'ADD-MUA');
  await updateSettings(db, {
    openingHours: [null, hours, hours, hours, hours, hours, hours],
    capacityPerSlot: 2,
    paymentDeadlineHours: 24,
  });
});
afterAll(async () => {
  await database?.drop();
});

describe('createReservation', () => {
  it('holds the slot as pending_payment with the quoted lines, totals and a payment deadline', async () => {
    const customerId = await newCustomer(db);
    const startAt = wib('2026-12-03', '10:00');
    const input = { customerId, productId: wisuda, startAt, bundleIds: [mua], now: NOW };
    const quote = await quoteReservation(db, input);
    const { reservation, items } = await createReservation(db, {
      ...input,
      channel: 'telegram',
      customerNote: 'bawa toga sendiri',
    });
    expect(reservation).toMatchObject({
      status: 'pending_payment',
      customerId,
      subtotal: quote.subtotal,
      discount: quote.discount,
      total: quote.total,
      pointsRedeemed: 0,
      channel: 'telegram',
      customerNote: 'bawa toga sendiri',
    });
    expect(reservation.code).toMatch(/^R-\d{4}-\d{6}$/);
    expect(reservation.startAt).toEqual(startAt);
    expect(reservation.endAt).toEqual(wib('2026-12-03', '10:45'));
    expect(reservation.paymentDeadline).toEqual(new Date(NOW.getTime() + 24 * 3_600_000));
    expect(items.map((i) => [i.kind, i.name, i.unitPrice, i.lineTotal, i.bundleId])).toEqual([
      ['package', 'Wisuda Personal', 200_000, 200_000, null],
      ['addon', 'Make Up (MUA)', 150_000, 150_000, mua],
    ]);
  });

  it('keeps each bundled line’s saving, so the lines add up to the booking', async () => {
    const customerId = await newCustomer(db);
    const { reservation, items } = await createReservation(db, {
      customerId,
      productId: wisuda,
      startAt: wib('2026-12-03', '14:00'),
      bundleIds: [mua],
      now: NOW,
    });
    expect(reservation.discount).toBeGreaterThan(0);
    expect(items.map((i) => [i.kind, i.discount])).toEqual([
      ['package', 0],
      ['addon', reservation.discount],
    ]);
    const lines = items.reduce((sum, i) => sum + i.lineTotal - i.discount, 0);
    expect(lines).toBe(reservation.total);
  });

  it('refuses a second booking of one customer at an overlapping time, writing nothing', async () => {
    const customerId = await newCustomer(db);
    const first = await createReservation(db, {
      customerId,
      productId: family, // 90 minutes: 10:00–11:30
      startAt: wib('2026-12-07', '10:00'),
      now: NOW,
    });
    const before = await countRows(db, 'reservations');
    for (const time of ['10:00', '11:00']) {
      await expect(
        createReservation(db, { customerId, productId: wisuda, startAt: wib('2026-12-07', time), now: NOW }),
      ).rejects.toMatchObject({
        code: 'CUSTOMER_DOUBLE_BOOKED',
        details: { reservationId: first.reservation.id, code: first.reservation.code },
      });
    }
    expect(await countRows(db, 'reservations')).toBe(before);
    // Right after it, and someone else at the same time, are fine.
    await expect(
      createReservation(db, { customerId, productId: wisuda, startAt: wib('2026-12-07', '12:00'), now: NOW }),
    ).resolves.toBeDefined();
    await expect(
      createReservation(db, {
        customerId: await newCustomer(db),
        productId: wisuda,
        startAt: wib('2026-12-07', '10:00'),
        now: NOW,
      }),
    ).resolves.toBeDefined();
  });

  it('keeps names and prices as they were when booked', async () => {
    const customerId = await newCustomer(db);
    const { reservation } = await createReservation(db, {
      customerId,
      productId: wisuda,
      startAt: wib('2026-12-03', '11:00'),
      now: NOW,
    });
    await db.update(products).set({ price: 999_000, name: 'Wisuda Baru' }).where(eq(products.id, wisuda));
    const detail = await getReservationDetail(db, reservation.id);
    expect(detail.items[0]).toMatchObject({ name: 'Wisuda Personal', unitPrice: 200_000 });
    expect(detail.reservation.total).toBe(200_000);
    await db.update(products).set({ price: 200_000, name: 'Wisuda Personal' }).where(eq(products.id, wisuda));
  });

  it('never gives a payment deadline after the session starts', async () => {
    const customerId = await newCustomer(db);
    const startAt = wib('2026-12-01', '10:00'); // two hours after now
    const { reservation } = await createReservation(db, { customerId, productId: wisuda, startAt, now: NOW });
    expect(reservation.paymentDeadline).toEqual(startAt);
  });

  it('spends redeemed points in the same booking', async () => {
    const customerId = await newCustomer(db, { points: 1_000 });
    const { reservation } = await createReservation(db, {
      customerId,
      productId: wisuda,
      startAt: wib('2026-12-03', '12:00'),
      pointsToRedeem: 600,
      now: NOW,
    });
    expect(reservation).toMatchObject({ pointsRedeemed: 600, total: 140_000 });
    expect(await balanceOf(db, customerId)).toBe(400);
    const ledger = await db.select().from(pointsLedger).where(eq(pointsLedger.reservationId, reservation.id));
    expect(ledger).toMatchObject([{ customerId, delta: -600, reason: 'redemption' }]);
  });

  it('fills a slot up to its capacity, then answers SLOT_FULL, also for a longer session reaching into it', async () => {
    const startAt = wib('2026-12-04', '11:00');
    for (let i = 0; i < 2; i++)
      await createReservation(db, {
        customerId: await newCustomer(db),
        productId: wisuda,
        startAt,
        now: NOW,
      });
    const customerId = await newCustomer(db);
    await expect(
      createReservation(db, { customerId, productId: wisuda, startAt, now: NOW }),
    ).rejects.toMatchObject({ code: 'SLOT_FULL' });
    // 90 minutes from 10:00 would need a place at 11:00 too.
    await expect(
      createReservation(db, { customerId, productId: family, startAt: wib('2026-12-04', '10:00'), now: NOW }),
    ).rejects.toMatchObject({ code: 'SLOT_FULL' });
    await expect(
      createReservation(db, { customerId, productId: family, startAt: wib('2026-12-04', '12:00'), now: NOW }),
    ).resolves.toBeDefined();
  });

  it.each([
    ['a start that has passed', wib('2026-11-30', '10:00'), 'SLOT_IN_PAST'],
    ['half past the hour', wib('2026-12-03', '09:30'), 'SLOT_INVALID'],
    ['before opening', wib('2026-12-03', '08:00'), 'SLOT_INVALID'],
    ['a session that would end after closing', wib('2026-12-03', '17:00'), 'SLOT_INVALID'],
    ['a Sunday (closed)', wib('2026-12-06', '10:00'), 'STUDIO_CLOSED'],
  ])('refuses %s and writes nothing', async (_label, startAt, code) => {
    const customerId = await newCustomer(db, { points: 500 });
    const before = await Promise.all([
      countRows(db, 'reservations'),
      countRows(db, 'reservation_items'),
      countRows(db, 'points_ledger'),
    ]);
    await expect(
      createReservation(db, { customerId, productId: family, startAt, pointsToRedeem: 100, now: NOW }),
    ).rejects.toMatchObject({ code });
    const after = await Promise.all([
      countRows(db, 'reservations'),
      countRows(db, 'reservation_items'),
      countRows(db, 'points_ledger'),
    ]);
    expect(after).toEqual(before);
    expect(await balanceOf(db, customerId)).toBe(500);
  });

  it('refuses a slot in the past even on the grid', async () => {
    const customerId = await newCustomer(db);
    const later = wib('2026-12-01', '11:30');
    await expect(
      createReservation(db, {
        customerId,
        productId: wisuda,
        startAt: wib('2026-12-01', '11:00'),
        now: later,
      }),
    ).rejects.toMatchObject({ code: 'SLOT_IN_PAST' });
  });

  it('refuses an inactive package, an unknown customer and points beyond the limit, writing nothing', async () => {
    const startAt = wib('2026-12-05', '10:00');
    const before = await countRows(db, 'reservations');
    const inactive = await productId(db, 'PRO-01');
    await db.update(products).set({ active: false }).where(eq(products.id, inactive));
    const customerId = await newCustomer(db, { points: 100 });
    await expect(
      createReservation(db, { customerId, productId: inactive, startAt, now: NOW }),
    ).rejects.toMatchObject({
      code: 'PRODUCT_INACTIVE',
    });
    await expect(
      createReservation(db, { customerId: 999_999, productId: wisuda, startAt, now: NOW }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
    });
    await expect(
      createReservation(db, { customerId, productId: wisuda, startAt, pointsToRedeem: 101, now: NOW }),
    ).rejects.toMatchObject({ code: 'POINTS_LIMIT' });
    expect(await countRows(db, 'reservations')).toBe(before);
    expect(await balanceOf(db, customerId)).toBe(100);
  });
});
