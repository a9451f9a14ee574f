import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, files, paymentProofs, reservations } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { listProducts, updateProduct } from '../../src/catalog/index.ts';
import { confirmReservation } from '../../src/reservations/index.ts';
import { createReadCache, READ_CACHE_TTL_MS } from '../../src/settings/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { chat, createStaffUser, pngBytes, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

const reservationsOf = async (customerId: number) =>
  database.db.select().from(reservations).where(eq(reservations.customerId, customerId));

describe('catalog', () => {
  it('shows categories, then packages with photo, price, duration, bundle offers and "Pesan paket ini"', async () => {
    const c = chat(testRuntime(database.db), '2001');
    await registerViaChat(c, 'Dewi', '+6281277002001');
    await c.tap('Paket & Harga');
    expect(c.buttons.map((b) => b.label)).toEqual(expect.arrayContaining(['Foto Studio', 'Wisuda', 'Keluarga']));
    await c.tap('Wisuda');
    const cards = c.last.replies.filter((r) => r.type === 'photo');
    expect(cards).toHaveLength(2);
    expect(c.said).toContain('Wisuda Personal');
    expect(c.said).toContain('Rp 200.000 · 45 menit');
    expect(c.said).toContain('Tambah cetak 10R + bingkai, hemat Rp 25.000');
    expect(c.buttons.filter((b) => b.label.includes('Pesan paket ini'))).toHaveLength(2);
    await c.tap('Pesan paket ini');
    expect(c.step).toBe('bk.date');
    expect(c.said).toContain('Wisuda Personal');
    expect(c.said).toContain('Pilih tanggal');
  });

  it('with the chat face’s read cache, a price the owner changes shows on the cards within 30 s', async () => {
    let ms = 0;
    const c = chat(testRuntime(database.db, { cache: createReadCache({ now: () => ms }) }), '2030');
    await registerViaChat(c, 'Sari', '+6281277002030');
    await c.tap('Paket & Harga');
    await c.tap('Wisuda');
    expect(c.said).toContain('Rp 200.000 · 45 menit');
    expect(c.said).toContain('Tambah cetak 10R + bingkai, hemat Rp 25.000');
    const [personal] = (await listProducts(database.db, { category: 'wisuda' })).filter(
      (p) => p.name === 'Wisuda Personal',
    );
    await updateProduct(database.db, personal!.id, { price: 210_000 });
    try {
      const showAgain = async () => {
        await c.tap('Kategori lain');
        await c.tap('Wisuda');
      };
      await showAgain();
      expect(c.said).toContain('Rp 200.000 · 45 menit');
      ms += READ_CACHE_TTL_MS;
      await showAgain();
      expect(c.said).toContain('Rp 210.000 · 45 menit');
    } finally {
      await updateProduct(database.db, personal!.id, { price: 200_000 });
    }
  });
});

describe('booking', () => {
  it('product → date → slot → add-ons → summary → confirm → hold with bank details → proof → awaiting confirmation', async () => {
    const c = chat(testRuntime(database.db), '2002');
    await registerViaChat(c, 'Eka', '+6281277002002');
    await c.tap('Reservasi');
    expect(c.step).toBe('bk.product');
    await c.tap('Wisuda Personal');
    // Only the next 14 days, and they start today (Tuesday 1 December 2026 in the studio).
    const dates = c.buttons.filter((b) => b.id.startsWith('bk:d:'));
    expect(dates).toHaveLength(14);
    expect(dates[0]?.id).toBe('bk:d:2026-12-01');
    await c.choose('bk:d:2026-12-05');
    expect(c.said).toContain('Sabtu, 5 Desember 2026');
    const slots = c.buttons.filter((b) => b.id.startsWith('bk:s:'));
    expect(slots[0]?.label).toBe('09.00');
    await c.tap('14.00');
    expect(c.step).toBe('bk.addons');
    expect(c.said).toContain('Make up oleh MUA cuma Rp 120.000');
    await c.tap(/Make Up/);
    expect(c.buttons.find((b) => b.label.includes('Make Up'))?.label).toMatch(/^✅/);
    await c.tap(/Edit Tambahan/);
    await c.tap(/Edit Tambahan/); // toggled off again
    expect(c.buttons.find((b) => b.label.includes('Edit Tambahan'))?.label).toMatch(/^➕/);
    await c.tap('Lanjut');
    // No points yet: straight to the summary.
    expect(c.step).toBe('bk.summary');
    expect(c.said).toContain('Sabtu, 5 Desember 2026, 14.00 WIB');
    expect(c.said).toContain('Wisuda Personal — Rp 200.000');
    expect(c.said).toContain('Make Up (MUA) — Rp 120.000 (potongan bundling Rp 30.000)');
    expect(c.said).toContain('Total: Rp 320.000');
    await c.tap('Konfirmasi');
    expect(c.step).toBe('bk.proof');
    expect(c.said).toMatch(/R-\d{4}-\d{6}/);
    expect(c.said).toContain('BCA 8120 555 021');
    expect(c.said).toContain('• BCA 8120 555 021 a.n. Potret Studio Tanjungpinang');
    expect(c.said).toContain('Rabu, 2 Desember 2026, 09.00 WIB'); // 24 hours after now
    const customerId = c.last.session.customerId!;
    const [held] = await reservationsOf(customerId);
    expect(held).toMatchObject({ status: 'pending_payment', total: 320_000, channel: 'telegram' });

    await c.photo(await pngBytes(), { mime: 'image/png', fileName: 'bukti.png' });
    expect(c.said).toContain('Status: menunggu konfirmasi');
    expect(c.step).toBe('menu');
    const [after] = await reservationsOf(customerId);
    expect(after?.status).toBe('awaiting_confirmation');
    expect(await database.db.select().from(paymentProofs).where(eq(paymentProofs.reservationId, after!.id))).toHaveLength(1);
    // The booking's detail names the bundle's price cut as the summary did.
    await c.tap('Reservasi Saya');
    await c.tap(/Menunggu konfirmasi/);
    expect(c.said).toContain('Potongan bundling: -Rp 30.000');
  });

  it('points can pay part of the booking', async () => {
    const c = chat(testRuntime(database.db), '2003');
    await registerViaChat(c, 'Fajar', '+6281277002003');
    await database.db.update(customers).set({ pointsBalance: 300 }).where(eq(customers.id, c.last.session.customerId!));
    await c.tap('Reservasi');
    await c.tap('Foto Studio Personal');
    await c.choose('bk:d:2026-12-03');
    await c.tap('10.00');
    await c.tap('Tidak, lanjut');
    expect(c.step).toBe('bk.points');
    expect(c.said).toContain('Anda punya 300 poin');
    // 50% of Rp 150.000 is Rp 75.000 = 750 points; the balance (300) is the limit.
    await c.tap('Pakai 300 poin (hemat Rp 30.000)');
    expect(c.said).toContain('Total: Rp 120.000');
    await c.tap('Konfirmasi');
    const [held] = await reservationsOf(c.last.session.customerId!);
    expect(held).toMatchObject({ pointsRedeemed: 300, total: 120_000 });
  });

  it('points in the thousands read with a dot in the booking, its detail, the cancel question and Poin Saya', async () => {
    const c = chat(testRuntime(database.db), '2031');
    await registerViaChat(c, 'Hana', '+6281277002031');
    await database.db.update(customers).set({ pointsBalance: 1500 }).where(eq(customers.id, c.last.session.customerId!));
    await c.tap('Reservasi');
    await c.tap('Wisuda Personal');
    await c.choose('bk:d:2026-12-03');
    await c.tap('11.00');
    await c.tap('Tidak, lanjut');
    expect(c.said).toContain('Anda punya 1.500 poin');
    // Half of Rp 200.000 at Rp 100 a point: 1.000 of the 1.500 points.
    await c.tap('Pakai 1.000 poin (hemat Rp 100.000)');
    await c.tap('Konfirmasi');
    await c.tap('Nanti saja');
    await c.tap('Reservasi Saya');
    await c.tap(/Menunggu pembayaran/);
    expect(c.said).toContain('Poin (1.000): -Rp 100.000');
    await c.tap('Batalkan reservasi');
    expect(c.said).toContain('1.000 poin yang dipakai akan dikembalikan.');
    await c.tap('Tidak jadi');
    await c.tap('Menu');
    await c.tap('Poin Saya');
    expect(c.said).toContain('-1.000 — Dipakai untuk reservasi');
  });

  it('in English, the transfer instructions name the account holder in English', async () => {
    const c = chat(testRuntime(database.db, { defaultLocale: 'en' }), '2032');
    await c.command('start');
    await c.text('John');
    await c.text('081277002032');
    await c.tap('Skip');
    await c.tap('Skip');
    await c.tap('Book');
    await c.tap('Personal Studio Portrait');
    await c.choose('bk:d:2026-12-03');
    await c.tap('13:00');
    await c.tap('No thanks');
    await c.tap('Confirm booking');
    expect(c.said).toContain('• BCA 8120 555 021, account holder Potret Studio Tanjungpinang');
    expect(c.said).not.toContain('a.n.');
  });

  it('cancel works at every step, as a button or /batal, and books nothing', async () => {
    const c = chat(testRuntime(database.db), '2004');
    await registerViaChat(c, 'Gita', '+6281277002004');
    await c.tap('Reservasi');
    await c.tap('Batal');
    expect(c.said).toContain('Oke, dibatalkan');
    expect(c.step).toBe('menu');
    await c.tap('Reservasi');
    await c.tap('Foto Keluarga Kecil');
    await c.choose('bk:d:2026-12-04');
    await c.text('/batal');
    expect(c.step).toBe('menu');
    await c.tap('Reservasi');
    await c.tap('Foto Keluarga Kecil');
    await c.choose('bk:d:2026-12-04');
    await c.tap('11.00');
    await c.tap('Tidak, lanjut');
    await c.text('batal');
    expect(c.step).toBe('menu');
    expect(await reservationsOf(c.last.session.customerId!)).toHaveLength(0);
  });

  it('back goes one step back', async () => {
    const c = chat(testRuntime(database.db), '2005');
    await registerViaChat(c, 'Hadi', '+6281277002005');
    await c.tap('Reservasi');
    await c.tap('Foto Produk UMKM');
    await c.choose('bk:d:2026-12-04');
    await c.tap('Kembali');
    expect(c.step).toBe('bk.date');
    await c.tap('Kembali');
    expect(c.step).toBe('bk.product');
  });

  it('a slot taken while the customer reads the summary: told so, back to the times, nothing booked', async () => {
    const rt = testRuntime(database.db);
    const c = chat(rt, '2006');
    await registerViaChat(c, 'Indah', '+6281277002006');
    await c.tap('Reservasi');
    await c.tap('Foto Studio Personal');
    await c.choose('bk:d:2026-12-07');
    await c.tap('15.00');
    await c.tap('Tidak, lanjut');
    expect(c.step).toBe('bk.summary');
    // Capacity is 2: two other customers take 15.00 meanwhile.
    for (const id of ['2007', '2008']) {
      const other = chat(rt, id);
      await registerViaChat(other, `Lain ${id}`, `+62812770${id}0`);
      await other.tap('Reservasi');
      await other.tap('Foto Studio Personal');
      await other.choose('bk:d:2026-12-07');
      await other.tap('15.00');
      await other.tap('Tidak, lanjut');
      await other.tap('Konfirmasi');
      expect(other.step).toBe('bk.proof');
    }
    await c.tap('Konfirmasi');
    expect(c.said).toContain('jam tersebut baru saja penuh');
    expect(c.step).toBe('bk.slot');
    expect(c.buttons.some((b) => b.label === '15.00')).toBe(false);
    expect(await reservationsOf(c.last.session.customerId!)).toHaveLength(0);
  });
});

describe('choice ids', () => {
  it('every button the journeys show fits Telegram’s 64-byte callback data', async () => {
    const c = chat(testRuntime(database.db), '2020');
    const ids = new Set<string>();
    const collect = () => {
      for (const b of c.buttons) ids.add(b.id);
    };
    await registerViaChat(c, 'Panjang Sekali Namanya', '+6281277002020');
    collect();
    for (const label of ['Paket & Harga', 'Dokumentasi Acara']) {
      await c.tap(label);
      collect();
    }
    await c.command('menu');
    for (const step of ['Reservasi', 'Prewedding Outdoor']) {
      await c.tap(step);
      collect();
    }
    await c.choose(c.buttons.find((b) => b.id.startsWith('bk:d:'))!.id);
    collect();
    await c.choose(c.buttons.find((b) => b.id.startsWith('bk:s:'))!.id);
    collect();
    for (const entry of ['Reservasi Saya', 'Keluhan', 'Beri Rating', 'FAQ']) {
      await c.command('menu');
      await c.tap(entry);
      collect();
    }
    expect(ids.size).toBeGreaterThan(40);
    expect([...ids].filter((id) => Buffer.byteLength(id) > 64)).toEqual([]);
  });
});

describe('my bookings', () => {
  it('lists bookings with status, shows a detail, sends the proof again, and cancels after confirmation', async () => {
    const c = chat(testRuntime(database.db), '2010');
    await registerViaChat(c, 'Joko', '+6281277002010');
    await c.tap('Reservasi');
    await c.tap('Foto Studio Personal');
    await c.choose('bk:d:2026-12-08');
    await c.tap('09.00');
    await c.tap('Tidak, lanjut');
    await c.tap('Konfirmasi');
    await c.tap('Nanti saja');
    await c.tap('Reservasi Saya');
    expect(c.said).toContain('Reservasi Anda');
    expect(c.buttons[0]?.label).toMatch(/R-\d{4}-\d{6} · Sel, 8 Des · Menunggu pembayaran/);
    await c.choose(c.buttons[0]!.id);
    expect(c.said).toContain('Status: Menunggu pembayaran');
    expect(c.said).toContain('Bayar sebelum: Rabu, 2 Desember 2026, 09.00 WIB');
    await c.tap('Kirim bukti transfer');
    const before = (await database.db.select().from(files)).length;
    await c.photo(await pngBytes(), { mime: 'image/png' });
    expect(c.said).toContain('menunggu konfirmasi');
    expect((await database.db.select().from(files)).length).toBe(before + 1);

    await c.tap('Reservasi Saya');
    await c.choose(c.buttons[0]!.id);
    await c.tap('Kirim bukti transfer'); // awaiting confirmation still accepts another one
    await c.photo(await pngBytes(50, 50));
    expect(c.said).toContain('menunggu konfirmasi');

    await c.tap('Reservasi Saya');
    await c.choose(c.buttons[0]!.id);
    await c.tap('Batalkan reservasi');
    expect(c.said).toContain('Yakin ingin membatalkan');
    await c.tap('Tidak');
    expect(c.step).toBe('my.detail');
    await c.tap('Batalkan reservasi');
    await c.tap('Ya, batalkan');
    expect(c.said).toMatch(/Reservasi R-\d{4}-\d{6} sudah dibatalkan/);
    const [row] = await reservationsOf(c.last.session.customerId!);
    expect(row).toMatchObject({ status: 'cancelled', cancelledBy: 'customer' });
  });

  it('a booking that can no longer be cancelled: the error, the same step, nothing changed', async () => {
    const c = chat(testRuntime(database.db), '2011');
    await registerViaChat(c, 'Kiki', '+6281277002011');
    await c.tap('Reservasi');
    await c.tap('Foto Studio Personal');
    await c.choose('bk:d:2026-12-01');
    await c.tap('16.00');
    await c.tap('Tidak, lanjut');
    await c.tap('Konfirmasi');
    const [held] = await reservationsOf(c.last.session.customerId!);
    const staffId = await createStaffUser(database.db);
    await confirmReservation(database.db, { reservationId: held!.id, staffId });
    await c.tap('Nanti saja');
    await c.tap('Reservasi Saya');
    await c.choose(`my:r:${held!.id}`);
    await c.tap('Batalkan reservasi');
    await c.tap('Ya, batalkan');
    // Confirmed and starting in 7 hours: inside the 24-hour cutoff.
    expect(c.said).toContain('sudah tidak bisa dibatalkan lewat chat');
    expect(c.step).toBe('my.cancel');
    const [row] = await reservationsOf(c.last.session.customerId!);
    expect(row?.status).toBe('confirmed');
  });
});
