import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, pointsLedger, reservations } from '../../db/schema/index.ts';
import { defaultPointsRules, ensureStudioSettings } from '../../db/defaults.ts';
import { createCustomerByStaff, registerCustomer } from '../../src/customers/index.ts';
import {
  adjustPoints,
  creditCompletion,
  getPointsSummary,
  maxRedeemablePoints,
  pointsToRupiah,
} from '../../src/loyalty/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await ensureStudioSettings(database.db);
});
afterAll(async () => {
  await database?.drop();
});

const rules = defaultPointsRules;
let phoneSerial = 0;
async function newCustomer(name: string) {
  phoneSerial += 1;
  return createCustomerByStaff(database.db, {
    name,
    phone: `0815 5000 ${String(phoneSerial).padStart(4, '0')}`,
  });
}

/** A booking row as completeReservation leaves it; inserted directly so these tests need no booking flow. */
async function booking(customerId: number, total: number, status: 'completed' | 'confirmed' = 'completed') {
  const start = new Date('2026-11-02T03:00:00Z');
  const [row] = await database.db
    .insert(reservations)
    .values({
      customerId,
      status,
      startAt: start,
      endAt: new Date(start.getTime() + 3_600_000),
      subtotal: total,
      total,
      completedAt: status === 'completed' ? new Date(start.getTime() + 3_600_000) : null,
    })
    .returning();
  return row!;
}

async function balanceOf(customerId: number) {
  const [row] = await database.db.select().from(customers).where(eq(customers.id, customerId));
  return { balance: row!.pointsBalance, membership: row!.membership };
}

async function ledgerOf(customerId: number) {
  return database.db.select().from(pointsLedger).where(eq(pointsLedger.customerId, customerId));
}

describe('points arithmetic', () => {
  it('values points in rupiah', () => {
    expect(pointsToRupiah(rules, 250)).toBe(25_000);
    expect(pointsToRupiah(rules, 0)).toBe(0);
  });

  it('caps redemption by the balance and by maxRedeemPercent of the total, in whole points', () => {
    // 50% of Rp 150.000 = Rp 75.000 = 750 points at Rp 100 each.
    expect(maxRedeemablePoints(rules, 1_000, 150_000)).toBe(750);
    expect(maxRedeemablePoints(rules, 300, 150_000)).toBe(300);
    // Rp 75.025 of room still buys only 750 whole points.
    expect(maxRedeemablePoints(rules, 1_000, 150_050)).toBe(750);
    expect(maxRedeemablePoints(rules, 1_000, 0)).toBe(0);
    expect(maxRedeemablePoints(rules, 0, 150_000)).toBe(0);
    expect(maxRedeemablePoints({ ...rules, maxRedeemPercent: 100 }, 5_000, 150_000)).toBe(1_500);
  });
});

describe('creditCompletion', () => {
  it('credits floor(total / earnPerRupiah) once, however often it is called', async () => {
    const customer = await newCustomer('Lina');
    const reservation = await booking(customer.id, 257_000);
    const first = await creditCompletion(database.db, reservation.id);
    expect(first).toMatchObject({ credited: true, pointsEarned: 25, customerId: customer.id });
    const second = await creditCompletion(database.db, reservation.id);
    expect(second.credited).toBe(false);
    expect((await balanceOf(customer.id)).balance).toBe(25);
    expect(await ledgerOf(customer.id)).toMatchObject([
      { delta: 25, reason: 'completion', reservationId: reservation.id },
    ]);
    const [row] = await database.db.select().from(reservations).where(eq(reservations.id, reservation.id));
    expect(row!.pointsCreditedAt).toBeInstanceOf(Date);
  });

  it('credits once when two workers race on the same booking', async () => {
    const customer = await newCustomer('Maya');
    const reservation = await booking(customer.id, 500_000);
    const results = await Promise.all([
      creditCompletion(database.db, reservation.id),
      creditCompletion(database.db, reservation.id),
    ]);
    expect(results.filter((r) => r.credited)).toHaveLength(1);
    expect((await balanceOf(customer.id)).balance).toBe(50);
  });

  it('refuses a booking that is not completed, writing nothing', async () => {
    const customer = await newCustomer('Nina');
    const reservation = await booking(customer.id, 300_000, 'confirmed');
    await expect(creditCompletion(database.db, reservation.id)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(creditCompletion(database.db, 9_999_999)).rejects.toMatchObject({
      code: 'RESERVATION_NOT_FOUND',
    });
    expect(await ledgerOf(customer.id)).toEqual([]);
  });

  it('belongs to the caller’s transaction: a rolled-back completion credits nothing', async () => {
    const customer = await newCustomer('Oki');
    const reservation = await booking(customer.id, 300_000, 'confirmed');
    await expect(
      database.db.transaction(async (tx) => {
        await tx.update(reservations).set({ status: 'completed' }).where(eq(reservations.id, reservation.id));
        await creditCompletion(tx, reservation.id);
        throw new Error('staff page crashed');
      }),
    ).rejects.toThrow('staff page crashed');
    expect((await balanceOf(customer.id)).balance).toBe(0);
    const [row] = await database.db.select().from(reservations).where(eq(reservations.id, reservation.id));
    expect(row).toMatchObject({ status: 'confirmed', pointsCreditedAt: null });
  });

  it('makes a regular a member after memberAfterBookings completed bookings', async () => {
    const customer = await newCustomer('Putri');
    const upgrades: boolean[] = [];
    for (let i = 0; i < rules.memberAfterBookings; i++) {
      const reservation = await booking(customer.id, 100_000);
      upgrades.push((await creditCompletion(database.db, reservation.id)).membershipUpgraded);
      expect((await balanceOf(customer.id)).membership).toBe(
        i + 1 < rules.memberAfterBookings ? 'regular' : 'member',
      );
    }
    expect(upgrades).toEqual([false, false, true]);
    const more = await booking(customer.id, 100_000);
    expect((await creditCompletion(database.db, more.id)).membershipUpgraded).toBe(false);
  });

  it('credits the referrer once, on the friend’s first completed booking only', async () => {
    const referrer = await newCustomer('Rani');
    const { customer: friend } = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '8001',
      name: 'Sinta',
      phone: '0815 5000 9001',
      referralCode: referrer.referralCode,
    });
    expect((await balanceOf(friend.id)).balance).toBe(rules.referralWelcomePoints);

    const first = await booking(friend.id, 150_000);
    const second = await booking(friend.id, 150_000);
    expect(await creditCompletion(database.db, first.id)).toMatchObject({ referrerCreditedId: referrer.id });
    expect(await creditCompletion(database.db, second.id)).toMatchObject({
      credited: true,
      referrerCreditedId: null,
    });
    expect(await creditCompletion(database.db, first.id)).toMatchObject({ credited: false });
    expect((await balanceOf(referrer.id)).balance).toBe(rules.referralPoints);
    const referrals = await database.db
      .select()
      .from(pointsLedger)
      .where(and(eq(pointsLedger.customerId, referrer.id), eq(pointsLedger.reason, 'referral')));
    expect(referrals).toMatchObject([{ delta: rules.referralPoints, referredCustomerId: friend.id }]);
    // The friend earned welcome points plus 15 + 15 for the two bookings.
    expect((await balanceOf(friend.id)).balance).toBe(rules.referralWelcomePoints + 30);
  });
});

describe('adjustPoints and the summary', () => {
  it('adds and removes points with a note, never below zero', async () => {
    const customer = await newCustomer('Tono');
    expect(
      await adjustPoints(database.db, {
        customerId: customer.id,
        delta: 120,
        note: 'Kompensasi keterlambatan',
      }),
    ).toEqual({ balance: 120 });
    await expect(
      adjustPoints(database.db, { customerId: customer.id, delta: -500, note: 'Salah input' }),
    ).rejects.toMatchObject({ code: 'POINTS_INSUFFICIENT' });
    expect((await balanceOf(customer.id)).balance).toBe(120);
    expect(await ledgerOf(customer.id)).toHaveLength(1);

    await expect(
      adjustPoints(database.db, { customerId: customer.id, delta: 0, note: 'x' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [{ field: 'delta' }],
    });
    await expect(
      adjustPoints(database.db, { customerId: customer.id, delta: 5, note: ' ' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [{ field: 'note' }],
    });
    await expect(
      adjustPoints(database.db, { customerId: 9_999_999, delta: 5, note: 'x' }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
    });
    expect(
      await adjustPoints(database.db, { customerId: customer.id, delta: -120, note: 'Koreksi' }),
    ).toEqual({
      balance: 0,
    });
  });

  it('shows balance, membership, rules and history newest first', async () => {
    const customer = await newCustomer('Umi');
    const reservation = await booking(customer.id, 90_000);
    await creditCompletion(database.db, reservation.id);
    await adjustPoints(database.db, { customerId: customer.id, delta: 40, note: 'Bonus ulang tahun' });
    await adjustPoints(database.db, { customerId: customer.id, delta: -10, note: 'Koreksi' });
    const summary = await getPointsSummary(database.db, customer.id);
    expect(summary).toMatchObject({ balance: 39, membership: 'regular', rules });
    expect(summary.history.map((h) => [h.reason, h.delta])).toEqual([
      ['manual', -10],
      ['manual', 40],
      ['completion', 9],
    ]);
    expect((await getPointsSummary(database.db, customer.id, { limit: 1 })).history).toHaveLength(1);
    await expect(getPointsSummary(database.db, 9_999_999)).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
    });
  });
});
