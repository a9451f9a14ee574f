import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { bundles, products } from '../../db/schema/index.ts';
import { quoteReservation } from '../../src/reservations/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { bundleFor, NOW, newCustomer, productId, studioDatabase, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let wisuda: number;
let studio: number;
let mua: number;
let edit: number;
let album: number;
const startAt = wib('2026-12-02', '10:00');

beforeAll(async () => {
  database = await studioDatabase();
  db = database.db;
  wisuda = await productId(db, 'WIS-01'); // Rp 200.000, 45 minutes
  studio = await productId(db, 'STD-01');
  mua = await bundleFor(db, 'ADD-MUA'); // Rp 150.000 add-on at Rp 120.000 with WIS-01
  edit = await bundleFor(db, 'ADD-EDIT'); // Rp 50.000 add-on, Rp 10.000 off, with WIS-01
  album = await bundleFor(db, 'ADD-ALBUM'); // not offered with WIS-01
});
afterAll(async () => {
  await database?.drop();
});

describe('quote', () => {
  it('prices the package and the chosen add-ons, savings as the discount', async () => {
    const customerId = await newCustomer(db);
    const quote = await quoteReservation(db, {
      customerId,
      productId: wisuda,
      startAt,
      bundleIds: [mua, edit],
      pointsToRedeem: 0,
      now: NOW,
    });
    expect(quote.items.map((i) => [i.kind, i.name, i.unitPrice, i.saving])).toEqual([
      ['package', 'Wisuda Personal', 200_000, 0],
      ['addon', 'Make Up (MUA)', 150_000, 30_000],
      ['addon', 'Edit Tambahan 5 Foto', 50_000, 10_000],
    ]);
    expect(quote).toMatchObject({ subtotal: 400_000, discount: 40_000, pointsRedeemed: 0, total: 360_000 });
    expect(quote.endAt.toISOString()).toBe(wib('2026-12-02', '10:45').toISOString());
  });

  it('takes points off at their rupiah value, up to the balance and half of what is left after savings', async () => {
    const customerId = await newCustomer(db, { points: 5_000 });
    const quote = await quoteReservation(db, {
      customerId,
      productId: wisuda,
      startAt,
      bundleIds: [mua],
      pointsToRedeem: 600,
      now: NOW,
    });
    // Rp 350.000 − Rp 30.000 saving = Rp 320.000; 50% of it is Rp 160.000 = 1.600 points of Rp 100.
    expect(quote).toMatchObject({
      subtotal: 350_000,
      discount: 30_000,
      pointsRedeemed: 600,
      pointsValue: 60_000,
      total: 260_000,
    });
    expect(quote.maxRedeemablePoints).toBe(1_600);
    await expect(
      quoteReservation(db, {
        customerId,
        productId: wisuda,
        startAt,
        bundleIds: [mua],
        pointsToRedeem: 1_601,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'POINTS_LIMIT', details: { maxRedeemablePoints: 1_600 } });
  });

  it('never lets points pass the balance', async () => {
    const customerId = await newCustomer(db, { points: 300 });
    const quote = await quoteReservation(db, {
      customerId,
      productId: wisuda,
      startAt,
      bundleIds: [],
      pointsToRedeem: 300,
      now: NOW,
    });
    expect(quote).toMatchObject({ maxRedeemablePoints: 300, total: 170_000 });
    await expect(
      quoteReservation(db, {
        customerId,
        productId: wisuda,
        startAt,
        bundleIds: [],
        pointsToRedeem: 301,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'POINTS_LIMIT' });
  });

  it('refuses a bundle not offered with the package', async () => {
    const customerId = await newCustomer(db);
    await expect(
      quoteReservation(db, { customerId, productId: wisuda, startAt, bundleIds: [album], now: NOW }),
    ).rejects.toMatchObject({ code: 'BUNDLE_NOT_AVAILABLE', details: { bundleIds: [album] } });
  });

  it('refuses a bundle that is switched off, not yet valid, expired, or whose add-on is off', async () => {
    const customerId = await newCustomer(db);
    const attempt = () =>
      quoteReservation(db, { customerId, productId: studio, startAt, bundleIds: [edit], now: NOW });
    await expect(attempt()).resolves.toMatchObject({ discount: 10_000 });
    const cases: Array<[Partial<typeof bundles.$inferInsert>, Partial<typeof bundles.$inferInsert>]> = [
      [{ active: false }, { active: true }],
      [{ validFrom: new Date(NOW.getTime() + 60_000) }, { validFrom: null }],
      [{ validTo: NOW }, { validTo: null }],
    ];
    for (const [change, undo] of cases) {
      await db.update(bundles).set(change).where(eq(bundles.id, edit));
      await expect(attempt()).rejects.toMatchObject({ code: 'BUNDLE_NOT_AVAILABLE' });
      await db.update(bundles).set(undo).where(eq(bundles.id, edit));
    }
    const addon = await productId(db, 'ADD-EDIT');
    await db.update(products).set({ active: false }).where(eq(products.id, addon));
    await expect(attempt()).rejects.toMatchObject({ code: 'BUNDLE_NOT_AVAILABLE' });
    await db.update(products).set({ active: true }).where(eq(products.id, addon));
    await expect(attempt()).resolves.toMatchObject({ discount: 10_000 });
  });

  it('refuses an unknown customer and an inactive package', async () => {
    await expect(
      quoteReservation(db, { customerId: 999_999, productId: wisuda, startAt, now: NOW }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
    });
    const customerId = await newCustomer(db);
    const inactive = await productId(db, 'PRO-01');
    await db.update(products).set({ active: false }).where(eq(products.id, inactive));
    await expect(
      quoteReservation(db, { customerId, productId: inactive, startAt, now: NOW }),
    ).rejects.toMatchObject({
      code: 'PRODUCT_INACTIVE',
    });
  });
});
