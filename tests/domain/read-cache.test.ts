import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import {
  getProduct,
  listCategories,
  listProducts,
  offersForProduct,
  setBundleActive,
  setProductActive,
  updateProduct,
} from '../../src/catalog/index.ts';
import { isAppError } from '../../src/errors.ts';
import { availableSlots, createReservation } from '../../src/reservations/index.ts';
import { createReadCache, getSettings, READ_CACHE_TTL_MS, updateSettings } from '../../src/settings/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { NOW, newCustomer, productId, studioDatabase, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let studio: number;
const hours = { open: '09:00', close: '18:00' };

beforeAll(async () => {
  database = await studioDatabase();
  db = database.db;
  studio = await productId(db, 'STD-01');
  await updateSettings(db, {
    openingHours: [null, hours, hours, hours, hours, hours, hours],
    slotMinutes: 60,
    capacityPerSlot: 1,
  });
});
afterAll(async () => {
  await database?.drop();
});

/** A cache on a hand-moved clock, in milliseconds. */
function cacheAt(start = 0) {
  let now = start;
  const cache = createReadCache({ now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('read cache', () => {
  it('shows an owner’s settings edit once the 30 s have passed, or at once after clear()', async () => {
    const { cache, advance } = cacheAt();
    expect((await getSettings(db, cache)).studioName).not.toBe('Studio Baru');
    await updateSettings(db, { studioName: 'Studio Baru' });
    advance(READ_CACHE_TTL_MS - 1);
    expect((await getSettings(db, cache)).studioName).not.toBe('Studio Baru');
    advance(1);
    expect((await getSettings(db, cache)).studioName).toBe('Studio Baru');
    await updateSettings(db, { studioName: 'Studio Lagi' });
    cache.clear();
    expect((await getSettings(db, cache)).studioName).toBe('Studio Lagi');
  });

  it('lists packages and add-ons like the database does, within the TTL', async () => {
    const { cache, advance } = cacheAt();
    expect(await listProducts(db, { kind: 'package' }, cache)).toEqual(
      await listProducts(db, { kind: 'package' }),
    );
    expect(await getProduct(db, studio, cache)).toEqual(await getProduct(db, studio));
    expect(await offersForProduct(db, studio, NOW, cache)).toEqual(await offersForProduct(db, studio, NOW));
    await expect(getProduct(db, 999_999, cache)).rejects.toSatisfy(
      (e) => isAppError(e) && e.code === 'PRODUCT_NOT_FOUND',
    );
    // A price change shows after the TTL.
    const before = await getProduct(db, studio);
    await updateProduct(db, studio, { price: before.price + 5_000 });
    expect((await getProduct(db, studio, cache)).price).toBe(before.price);
    advance(READ_CACHE_TTL_MS);
    expect((await getProduct(db, studio, cache)).price).toBe(before.price + 5_000);
  });

  it('lists the categories like the database does, and a category switched off goes after the TTL', async () => {
    const { cache, advance } = cacheAt();
    const categories = await listCategories(db, cache);
    expect(categories).toEqual(await listCategories(db));
    expect(categories.map((c) => c.category)).toContain('produk');
    const onlyProduct = await productId(db, 'PRO-01');
    await setProductActive(db, onlyProduct, false);
    try {
      expect(await listCategories(db, cache)).toEqual(categories);
      advance(READ_CACHE_TTL_MS);
      expect((await listCategories(db, cache)).map((c) => c.category)).not.toContain('produk');
    } finally {
      await setProductActive(db, onlyProduct, true);
    }
  });

  it('keeps a bundle’s switch-off out of the offers after the TTL', async () => {
    const { cache, advance } = cacheAt();
    const offers = await offersForProduct(db, studio, NOW, cache);
    expect(offers.length).toBeGreaterThan(0);
    const bundleId = offers[0]!.bundleId;
    await setBundleActive(db, bundleId, false);
    advance(READ_CACHE_TTL_MS);
    expect((await offersForProduct(db, studio, NOW, cache)).map((o) => o.bundleId)).not.toContain(bundleId);
    await setBundleActive(db, bundleId, true);
  });

  it('never hides a booking: a slot taken after the settings were cached is gone at once, and booking it again fails', async () => {
    const { cache } = cacheAt();
    const date = '2026-12-03';
    const before = await availableSlots(db, { productId: studio, date, now: NOW }, cache);
    expect(before.map((s) => s.time)).toContain('10:00');
    await createReservation(db, {
      customerId: await newCustomer(db),
      productId: studio,
      startAt: wib(date, '10:00'),
      now: NOW,
    });
    const after = await availableSlots(db, { productId: studio, date, now: NOW }, cache);
    expect(after.map((s) => s.time)).not.toContain('10:00');
    // Capacity raised meanwhile but still cached: the booking checks the real settings.
    await updateSettings(db, { capacityPerSlot: 2 });
    await createReservation(db, {
      customerId: await newCustomer(db),
      productId: studio,
      startAt: wib(date, '10:00'),
      now: NOW,
    });
    await updateSettings(db, { capacityPerSlot: 1 });
  });

  it('refuses a TTL above 30 s', () => {
    expect(() => createReadCache({ ttlMs: 60_000 })).toThrow(RangeError);
  });
});
