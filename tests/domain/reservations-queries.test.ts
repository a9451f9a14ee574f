import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { defaultStudioSettings } from '../../db/defaults.ts';
import { updateCustomer } from '../../src/customers/index.ts';
import {
  cancelReservation,
  createReservation,
  getReservation,
  getReservationByCode,
  getReservationDetail,
  listCustomerReservations,
  listReservations,
  type Reservation,
  receiptFor,
} from '../../src/reservations/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { bundleFor, NOW, newCustomer, productId, studioDatabase, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let siti: number;
let other: number;
const booked: Reservation[] = [];

beforeAll(async () => {
  database = await studioDatabase();
  db = database.db;
  siti = await newCustomer(db, { name: 'Siti Rahmawati', points: 1_000 });
  other = await newCustomer(db, { name: 'Budi Santoso' });
  const wisuda = await productId(db, 'WIS-01');
  const portrait = await productId(db, 'STD-01');
  const edit = await bundleFor(db, 'ADD-EDIT');
  const plan: Array<[number, number, string, string]> = [
    [siti, wisuda, '2026-12-02', '10:00'],
    [siti, portrait, '2026-12-04', '09:00'],
    [other, portrait, '2026-12-02', '10:00'],
    [other, wisuda, '2026-12-03', '15:00'],
    [other, portrait, '2026-12-05', '11:00'],
  ];
  for (const [customerId, product, date, time] of plan) {
    const withExtras = booked.length === 0 ? { bundleIds: [edit], pointsToRedeem: 500 } : {};
    const { reservation } = await createReservation(db, {
      customerId,
      productId: product,
      startAt: wib(date, time),
      now: NOW,
      ...withExtras,
    });
    booked.push(reservation);
  }
  booked[4] = await cancelReservation(db, {
    reservationId: booked[4]!.id,
    by: 'staff',
    reason: 'dobel',
    now: NOW,
  });
});
afterAll(async () => {
  await database?.drop();
});

describe('finding a booking', () => {
  it('by id and by code, however the code is typed', async () => {
    const first = booked[0]!;
    expect(await getReservation(db, first.id)).toMatchObject({ code: first.code });
    expect(await getReservationByCode(db, ` ${first.code.toLowerCase()} `)).toMatchObject({ id: first.id });
    expect(await getReservationByCode(db, 'R-1999-000001')).toBeUndefined();
    expect(await getReservation(db, 999_999)).toBeUndefined();
  });

  it('with its lines, customer and proofs', async () => {
    const detail = await getReservationDetail(db, booked[0]!.id);
    expect(detail.customer).toMatchObject({ id: siti, name: 'Siti Rahmawati' });
    expect(detail.items.map((i) => i.name)).toEqual(['Wisuda Personal', 'Edit Tambahan 5 Foto']);
    expect(detail.proofs).toEqual([]);
    await expect(getReservationDetail(db, 999_999)).rejects.toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
  });
});

describe('lists', () => {
  it('a customer sees only their own bookings, latest session first', async () => {
    const rows = await listCustomerReservations(db, siti);
    expect(rows.map((r) => [r.id, r.packageName])).toEqual([
      [booked[1]!.id, 'Foto Studio Personal'],
      [booked[0]!.id, 'Wisuda Personal'],
    ]);
  });

  it('staff filter by status and by period', async () => {
    const cancelled = await listReservations(db, { status: 'cancelled' });
    expect(cancelled.rows.map((r) => r.id)).toEqual([booked[4]!.id]);
    const active = await listReservations(db, {
      status: ['pending_payment'],
      from: wib('2026-12-02', '00:00'),
      to: wib('2026-12-03', '00:00'),
    });
    expect(active.rows.map((r) => r.id).sort()).toEqual([booked[0]!.id, booked[2]!.id].sort());
  });

  it('staff search by reservation code, customer name or phone digits', async () => {
    const byCode = await listReservations(db, { search: booked[3]!.code });
    expect(byCode.rows.map((r) => r.id)).toEqual([booked[3]!.id]);
    const byName = await listReservations(db, { search: 'rahma' });
    expect(byName.rows.every((r) => r.customerId === siti)).toBe(true);
    expect(byName.rows).toHaveLength(2);
    const phone = byName.rows[0]!.customerPhone!;
    const byPhone = await listReservations(db, { search: `0${phone.slice(3, 6)}-${phone.slice(6)}` });
    expect(byPhone.rows.map((r) => r.customerId)).toEqual([siti, siti]);
  });

  it('pages through everything once, in either order', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await listReservations(db, { limit: 2, cursor, order });
        seen.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(booked.map((r) => r.id).sort());
    }
    const first = await listReservations(db, { limit: 1, order: 'asc' });
    expect(first.rows[0]!.startAt).toEqual(wib('2026-12-02', '10:00'));
    await expect(listReservations(db, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      code: 'CURSOR_INVALID',
    });
  });
});

describe('search', () => {
  it('finds a booking by its code however it is typed, and customers by their code', async () => {
    const code = booked[3]!.code; // R-2026-000004
    const loose = code.toLowerCase().replace(/-0+/, '-');
    expect((await listReservations(db, { search: loose })).rows.map((r) => r.id)).toEqual([booked[3]!.id]);
    const customerCode = (await listReservations(db, { search: 'rahma' })).rows[0]!.customerCode;
    const byCustomerCode = await listReservations(db, { search: customerCode.toLowerCase() });
    expect(byCustomerCode.rows.map((r) => r.customerId)).toEqual([siti, siti]);
    expect((await listReservations(db, { search: 'tidak ada yang begini' })).rows).toEqual([]);
  });

  it("finds a customer's bookings by the email on file, as the customer list finds the customer", async () => {
    await updateCustomer(db, other, { email: 'budi.santoso@contoh.id' });
    const byEmail = await listReservations(db, { search: 'Budi.Santoso@contoh' });
    expect(byEmail.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(booked.slice(2).map((r) => r.id));
  });

  it('pages a search result in either order: each booking once, same-time bookings split by a page end', async () => {
    // 'a' names both customers: all five bookings, two of them at 2026-12-02 10:00.
    const ascending = [...booked]
      .sort((x, y) => x.startAt.getTime() - y.startAt.getTime() || x.id - y.id)
      .map((r) => r.id);
    for (const order of ['asc', 'desc'] as const) {
      for (const limit of [1, 2]) {
        const seen: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await listReservations(db, { search: 'a', limit, cursor, order });
          expect(page.rows.length).toBeLessThanOrEqual(limit);
          seen.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(order === 'asc' ? ascending : [...ascending].reverse());
      }
    }
  });
});

describe('receipt', () => {
  it('carries the frozen lines, the totals with savings and points, the time, the studio and its banks', async () => {
    const receipt = await receiptFor(db, booked[0]!.id);
    expect(receipt).toMatchObject({
      code: booked[0]!.code,
      customerName: 'Siti Rahmawati',
      subtotal: 250_000,
      discount: 10_000,
      pointsRedeemed: 500,
      pointsValue: 50_000,
      total: 190_000,
      startAt: wib('2026-12-02', '10:00'),
      studio: { name: defaultStudioSettings.studioName, address: defaultStudioSettings.address },
      banks: defaultStudioSettings.bankAccounts,
    });
    expect(receipt.items.map((i) => [i.name, i.lineTotal])).toEqual([
      ['Wisuda Personal', 200_000],
      ['Edit Tambahan 5 Foto', 50_000],
    ]);
    await expect(receiptFor(db, 999_999)).rejects.toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
  });
});
