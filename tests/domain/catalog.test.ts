import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundles, products } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import {
  createBundle,
  createProduct,
  getProduct,
  listBundles,
  listCategories,
  listProducts,
  offersForProduct,
  setBundleActive,
  setProductActive,
  updateBundle,
  updateProduct,
} from '../../src/catalog/index.ts';
import type { AppError } from '../../src/errors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
const id: Record<string, number> = {};
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
  for (const row of await database.db.select({ id: products.id, code: products.code }).from(products)) {
    id[row.code] = row.id;
  }
});
afterAll(async () => {
  await database?.drop();
});

/** The field names of a VALIDATION failure, so tests say which input was wrong. */
async function failedFields(promise: Promise<unknown>): Promise<string[]> {
  const error = (await promise.then(
    () => expect.unreachable('expected a VALIDATION error'),
    (e: unknown) => e,
  )) as AppError;
  expect(error.code).toBe('VALIDATION');
  return error.fields.map((f) => f.field);
}

const now = new Date('2026-12-01T03:00:00Z');

describe('catalog for customers', () => {
  it('lists the categories that have active packages, in display order', async () => {
    expect(await listCategories(database.db)).toEqual([
      { category: 'studio', count: 2 },
      { category: 'wisuda', count: 2 },
      { category: 'keluarga', count: 2 },
      { category: 'dokumentasi', count: 1 },
      { category: 'pernikahan', count: 2 },
      { category: 'produk', count: 1 },
    ]);
  });

  it('hides switched-off products from customers but not from the admin', async () => {
    await setProductActive(database.db, id['PRO-01']!, false);
    try {
      expect((await listCategories(database.db)).map((c) => c.category)).not.toContain('produk');
      expect(await listProducts(database.db, { category: 'produk' })).toEqual([]);
      const all = await listProducts(database.db, { category: 'produk', includeInactive: true });
      expect(all.map((p) => p.code)).toEqual(['PRO-01']);
      expect((await getProduct(database.db, id['PRO-01']!)).active).toBe(false);
    } finally {
      await setProductActive(database.db, id['PRO-01']!, true);
    }
  });

  it('lists a category in order, and add-ons by kind', async () => {
    expect((await listProducts(database.db, { category: 'wisuda' })).map((p) => p.code)).toEqual([
      'WIS-01',
      'WIS-02',
    ]);
    const addons = await listProducts(database.db, { kind: 'addon' });
    expect(addons.map((p) => p.code)).toEqual(['ADD-10R', 'ADD-EDIT', 'ADD-MUA', 'ADD-ALBUM']);
    await expect(getProduct(database.db, 987_654)).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });

  it('offers the add-ons bundled with a package, priced from the bundle price or the discount', async () => {
    const offers = await offersForProduct(database.db, id['WIS-01']!, now);
    expect(offers.map((o) => [o.addon.name, o.price, o.saving])).toEqual([
      ['Make Up (MUA)', 120_000, 30_000],
      ['Cetak 10R + Bingkai', 75_000, 25_000],
      ['Edit Tambahan 5 Foto', 40_000, 10_000],
    ]);
    expect(offers[0]).toMatchObject({
      addon: { id: id['ADD-MUA'], price: 150_000 },
      nameEn: expect.any(String),
    });
    expect(await offersForProduct(database.db, id['DOK-01']!, now)).toHaveLength(1);
  });

  it('offers only bundles that are on, inside their dates, with an add-on still sold', async () => {
    const [mua] = await database.db.select().from(bundles).where(eq(bundles.addonProductId, id['ADD-MUA']!));
    const [print] = await database.db
      .select()
      .from(bundles)
      .where(eq(bundles.addonProductId, id['ADD-10R']!));
    const [edit] = await database.db
      .select()
      .from(bundles)
      .where(eq(bundles.addonProductId, id['ADD-EDIT']!));
    const codes = async (at: Date) =>
      (await offersForProduct(database.db, id['WIS-01']!, at)).map((o) => o.bundleId);

    await updateBundle(database.db, mua!.id, { validFrom: new Date('2026-12-05T00:00:00Z') });
    await updateBundle(database.db, print!.id, { validTo: now });
    await setProductActive(database.db, id['ADD-EDIT']!, false);
    try {
      expect(await codes(now)).toEqual([]);
      expect(await codes(new Date('2026-11-30T00:00:00Z'))).toEqual([print!.id]);
      expect(await codes(new Date('2026-12-06T00:00:00Z'))).toEqual([mua!.id]);
      await setProductActive(database.db, id['ADD-EDIT']!, true);
      await setBundleActive(database.db, edit!.id, false);
      expect(await codes(new Date('2026-12-06T00:00:00Z'))).toEqual([mua!.id]);
    } finally {
      await updateBundle(database.db, mua!.id, { validFrom: null });
      await updateBundle(database.db, print!.id, { validTo: null });
      await setProductActive(database.db, id['ADD-EDIT']!, true);
      await setBundleActive(database.db, edit!.id, true);
    }
    expect(await codes(now)).toHaveLength(3);
  });
});

describe('catalog administration', () => {
  it('creates and edits a package, refusing bad input with field messages', async () => {
    expect(
      await failedFields(
        createProduct(database.db, {
          code: 'NEW-01',
          name: 'Paket',
          category: 'studio',
          price: -5,
          durationMinutes: 30,
        }),
      ),
    ).toEqual(['price']);
    expect(
      await failedFields(
        createProduct(database.db, { code: 'NEW-01', name: '', category: 'studio', price: 1000 }),
      ),
    ).toEqual(['name', 'durationMinutes']);
    expect(
      await failedFields(
        createProduct(database.db, {
          code: 'std-01',
          name: 'Dup',
          category: 'studio',
          price: 1,
          durationMinutes: 30,
        }),
      ),
    ).toEqual(['code']);
    expect(await listProducts(database.db, { includeInactive: true })).toHaveLength(14);

    const created = await createProduct(database.db, {
      code: 'mat-01',
      name: 'Foto Maternity',
      category: 'Keluarga',
      price: 400_000,
      durationMinutes: 60,
    });
    expect(created).toMatchObject({ code: 'MAT-01', category: 'keluarga', kind: 'package', active: true });
    expect(await failedFields(updateProduct(database.db, created.id, { price: -1 }))).toEqual(['price']);
    expect(await failedFields(updateProduct(database.db, created.id, { durationMinutes: 0 }))).toEqual([
      'durationMinutes',
    ]);
    const edited = await updateProduct(database.db, created.id, { price: 425_000, nameEn: 'Maternity' });
    expect(edited).toMatchObject({ price: 425_000, nameEn: 'Maternity', name: 'Foto Maternity' });
    expect((await listCategories(database.db)).find((c) => c.category === 'keluarga')?.count).toBe(3);
    await expect(updateProduct(database.db, 987_654, { price: 1 })).rejects.toMatchObject({
      code: 'PRODUCT_NOT_FOUND',
    });
  });

  it('creates and edits a bundle, refusing bundles that make no sense', async () => {
    const base = {
      name: 'Album hemat',
      addonProductId: id['ADD-ALBUM']!,
      productIds: [id['WIS-02']!],
      discountAmount: 50_000,
    };
    expect(await failedFields(createBundle(database.db, { ...base, addonProductId: id['STD-01']! }))).toEqual(
      ['addonProductId'],
    );
    expect(await failedFields(createBundle(database.db, { ...base, bundlePrice: 400_000 }))).toEqual([
      'bundlePrice',
    ]);
    expect(await failedFields(createBundle(database.db, { ...base, discountAmount: -1 }))).toEqual([
      'discountAmount',
    ]);
    expect(await failedFields(createBundle(database.db, { ...base, productIds: [] }))).toEqual([
      'productIds',
    ]);
    expect(await failedFields(createBundle(database.db, { ...base, productIds: [id['ADD-10R']!] }))).toEqual([
      'productIds',
    ]);
    expect(
      await failedFields(
        createBundle(database.db, {
          ...base,
          validFrom: '2026-12-10T00:00:00Z',
          validTo: '2026-12-01T00:00:00Z',
        }),
      ),
    ).toEqual(['validTo']);
    expect(await listBundles(database.db)).toHaveLength(4);

    const created = await createBundle(database.db, base);
    expect(created).toMatchObject({ productIds: [id['WIS-02']], price: 300_000, saving: 50_000 });
    expect((await offersForProduct(database.db, id['WIS-02']!, now)).map((o) => o.bundleId)).toContain(
      created.bundle.id,
    );

    const moved = await updateBundle(database.db, created.bundle.id, {
      productIds: [id['KEL-01']!, id['KEL-01']!],
      bundlePrice: 250_000,
    });
    expect(moved).toMatchObject({ productIds: [id['KEL-01']], price: 250_000, saving: 100_000 });
    expect((await offersForProduct(database.db, id['WIS-02']!, now)).map((o) => o.bundleId)).not.toContain(
      created.bundle.id,
    );
    expect(
      await failedFields(updateBundle(database.db, created.bundle.id, { bundlePrice: 999_999 })),
    ).toEqual(['bundlePrice']);
    expect(
      await failedFields(
        updateBundle(database.db, created.bundle.id, { validFrom: '2027-01-10', validTo: '2027-01-01' }),
      ),
    ).toEqual(['validTo']);
    const listed = (await listBundles(database.db)).find((b) => b.bundle.id === created.bundle.id);
    expect(listed).toMatchObject({ price: 250_000, addon: { code: 'ADD-ALBUM' } });
  });
});
