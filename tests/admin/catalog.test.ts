import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { files, products } from '../../db/schema/index.ts';
import { listBundles, listProducts } from '../../src/catalog/index.ts';
import { listFaq } from '../../src/faq/index.ts';
import { expectFieldErrors, harnessForFile, jpeg } from './harness.ts';

const file = harnessForFile();

const product = (extra: Record<string, string | Blob> = {}) => ({
  kind: 'package',
  code: 'PRW-01',
  name: 'Prewedding Outdoor',
  category: 'pernikahan',
  price: '1.500.000',
  durationMinutes: '120',
  description: 'Dua jam di lokasi pilihan.',
  sortOrder: '5',
  active: '1',
  ...extra,
});

describe('products', () => {
  it('creates a package with a large photo, resized and stored', async () => {
    await file.admin.page('/admin/products/new');
    const big = new Blob([await jpeg(3000, 2000)], { type: 'image/jpeg' });
    const response = await file.admin.post('/admin/products', product({ photo: big }));
    expect(response.status).toBe(303);
    const [row] = await file.h.database.db.select().from(products).where(eq(products.code, 'PRW-01'));
    expect(row!.price).toBe(1_500_000);
    const [photo] = await file.h.database.db.select().from(files).where(eq(files.id, row!.photoFileId!));
    expect(Math.max(photo!.width!, photo!.height!)).toBe(1600);
    const meta = await sharp(photo!.data).metadata();
    expect(meta.width).toBe(1600);
  });

  it('refuses a file that is not an image, whatever its name says, and creates nothing', async () => {
    const fake = new Blob([new TextEncoder().encode('%PDF-1.4 not a photo')], { type: 'image/jpeg' });
    const response = await file.admin.post(
      '/admin/products',
      product({ code: 'FAKE-01', photo: new File([fake], 'foto.jpg', { type: 'image/jpeg' }) }),
    );
    await expectFieldErrors(response, 400, { photo: 'File harus berupa foto' });
    expect(await file.h.database.db.select().from(products).where(eq(products.code, 'FAKE-01'))).toHaveLength(
      0,
    );
  });

  it('refuses an oversized upload', async () => {
    const huge = new Blob([new Uint8Array(12 * 1024 * 1024)], { type: 'image/jpeg' });
    const response = await file.admin.post('/admin/products', product({ code: 'HUGE-01', photo: huge }));
    expect(response.status).toBe(413);
    expect(await file.h.database.db.select().from(products).where(eq(products.code, 'HUGE-01'))).toHaveLength(
      0,
    );
  });

  it('shows each bad field next to itself with 400', async () => {
    const response = await file.admin.post(
      '/admin/products',
      product({ code: 'x', name: '', price: 'gratis', durationMinutes: '0' }),
    );
    await expectFieldErrors(response, 400, {
      code: 'Huruf besar',
      name: 'Wajib diisi',
      price: 'Isi dengan angka bulat',
    });
  });

  it('a session longer than a day is refused with the allowed range', async () => {
    const response = await file.admin.post('/admin/products', product({ durationMinutes: '2000' }));
    await expectFieldErrors(response, 400, { durationMinutes: 'Isi angka 0 sampai 1440.' });
  });

  it('a duplicate code is reported at the code field', async () => {
    const response = await file.admin.post('/admin/products', product());
    await expectFieldErrors(response, 400, { code: 'Kode ini sudah dipakai' });
  });

  it('escapes HTML in a product name and deactivates it', async () => {
    await file.admin.post(
      '/admin/products',
      product({ code: 'XSS-01', name: '<script>alert(1)</script>Paket' }),
    );
    const list = await file.admin.page('/admin/products');
    expect(list.html).not.toContain('<script>alert(1)');
    expect(list.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;Paket');
    const [row] = await file.h.database.db.select().from(products).where(eq(products.code, 'XSS-01'));
    expect((await file.admin.post(`/admin/products/${row!.id}/active`, { active: '0' })).status).toBe(303);
    const after = await listProducts(file.h.database.db, { includeInactive: true });
    expect(after.find((p) => p.id === row!.id)?.active).toBe(false);
  });
});

describe('bundles', () => {
  it('creates a bundle offering an add-on with packages, and validates the form', async () => {
    const all = await listProducts(file.h.database.db, { includeInactive: true });
    const addon = all.find((p) => p.kind === 'addon')!;
    const pkg = all.find((p) => p.kind === 'package')!;
    await file.admin.page('/admin/bundles/new');
    const bad = await file.admin.post('/admin/bundles', {
      name: '',
      addonProductId: '',
      bundlePrice: 'abc',
      discountAmount: '0',
      validFrom: '',
      validTo: '',
    });
    await expectFieldErrors(bad, 400, {
      name: 'Wajib diisi',
      productIds: 'Pilih minimal satu paket',
    });
    const before = (await listBundles(file.h.database.db)).length;
    const ok = await file.admin.post('/admin/bundles', {
      name: 'Promo Bingkai',
      addonProductId: String(addon.id),
      productIds: [String(pkg.id)],
      bundlePrice: '50000',
      discountAmount: '0',
      validFrom: '',
      validTo: '2027-01-31',
      active: '1',
    });
    expect(ok.status).toBe(303);
    const bundles = await listBundles(file.h.database.db);
    expect(bundles).toHaveLength(before + 1);
    expect(bundles.at(-1)!.productIds).toEqual([pkg.id]);
  });
});

describe('faq', () => {
  it('creates, reorders and deletes questions', async () => {
    await file.admin.page('/admin/faq/new');
    const bad = await file.admin.post('/admin/faq', { question: '', answer: '', active: '1' });
    await expectFieldErrors(bad, 400, { answer: 'Wajib diisi' });
    expect(
      (
        await file.admin.post('/admin/faq', {
          question: 'Apakah ada parkir?',
          answer: 'Ada, di depan studio.',
          keywords: 'parkir mobil',
          active: '1',
        })
      ).status,
    ).toBe(303);
    let entries = await listFaq(file.h.database.db, { includeInactive: true });
    const added = entries.find((e) => e.question === 'Apakah ada parkir?')!;
    const position = entries.indexOf(added);
    expect((await file.admin.post(`/admin/faq/${added.id}/move`, { direction: 'up' })).status).toBe(303);
    entries = await listFaq(file.h.database.db, { includeInactive: true });
    expect(entries.findIndex((e) => e.id === added.id)).toBe(position - 1);
    expect((await file.admin.post(`/admin/faq/${added.id}/delete`)).status).toBe(303);
    expect(
      (await listFaq(file.h.database.db, { includeInactive: true })).some((e) => e.id === added.id),
    ).toBe(false);
  });
});
