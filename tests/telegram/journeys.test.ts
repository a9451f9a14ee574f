import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  complaints,
  customers,
  fileChannelRefs,
  paymentProofs,
  products,
  ratings,
  reservations,
} from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { replyToComplaint } from '../../src/feedback/index.ts';
import { completeReservation, confirmReservation } from '../../src/reservations/index.ts';
import { createStaffUser, pngBytes } from '../conversation/driver.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  buttonsOf,
  registerOnTelegram,
  startWebhookHarness,
  type TelegramHarness,
  telegramUser,
} from './harness.ts';

let database: TestDatabase;
let h: TelegramHarness;
let staffId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
  staffId = await createStaffUser(database.db);
  h = await startWebhookHarness(database.db);
});
afterAll(async () => {
  await h?.stop();
  await database?.drop();
});

const customerByPhone = async (phone: string) =>
  (await database.db.select().from(customers).where(eq(customers.phone, phone)))[0]!;

describe('Telegram: every journey over HTTP', () => {
  it('registers with the contact button, then removes the contact keyboard', async () => {
    const u = telegramUser(h, 5001, { first_name: 'Rina' });
    await u.say('/start');
    expect(u.said).toContain('selamat datang di Potret Studio Tanjungpinang');
    expect(u.labels).toContain('Pakai nama "Rina"');
    await u.tap('Pakai nama');
    const ask = u.last.at(-1)!;
    expect(ask.replyMarkup).toMatchObject({ keyboard: [[{ request_contact: true }], [{ text: '✖️ Batal' }]] });
    await u.contact('6281277005001');
    expect(u.last[0]?.text).toContain('Nomor tersimpan: +62 812-7700-5001');
    expect(u.last[0]?.replyMarkup).toEqual({ remove_keyboard: true });
    await u.tap('Lewati');
    await u.tap('Lewati');
    expect(u.said).toContain('Selamat bergabung, Kak Rina');
    expect(u.labels).toContain('📷 Paket & Harga');
    const row = await customerByPhone('+6281277005001');
    expect(row.name).toBe('Rina');
  });

  it('English from language_code; the commands menu is set in both languages', async () => {
    const u = telegramUser(h, 5002, { first_name: 'Tom', language_code: 'en-GB' });
    await u.say('/start');
    expect(u.said).toContain('welcome to Potret Studio');
    expect(h.tg.commands.length).toBeGreaterThan(0);
  });

  it('catalog cards are photos uploaded once, then sent again by file_id', async () => {
    const u = telegramUser(h, 5003);
    await registerOnTelegram(u, 'Sari', '+6281277005003');
    await u.tap('Paket & Harga');
    await u.tap('Keluarga');
    const photos = u.last.filter((m) => m.method === 'sendPhoto');
    expect(photos).toHaveLength(2);
    expect(photos.every((p) => p.uploaded)).toBe(true);
    expect(photos[0]?.caption).toContain('Foto Keluarga Kecil');
    expect(photos[0]?.caption).toContain('Rp 350.000 · 1 jam');
    expect(buttonsOf(photos[0]).map((b) => b.text)).toEqual(['🗓️ Pesan paket ini']);
    expect(await database.db.select().from(fileChannelRefs)).toHaveLength(2);

    const v = telegramUser(h, 5004);
    await registerOnTelegram(v, 'Vino', '+6281277005004');
    await v.tap('Paket & Harga');
    await v.tap('Keluarga');
    const again = v.last.filter((m) => m.method === 'sendPhoto');
    expect(again.map((p) => p.uploaded)).toEqual([false, false]);
    expect(again.map((p) => p.photoFileId)).toEqual(photos.map((p) => p.photoFileId));
  });

  it('a card too long for a caption (1024 characters) comes as the photo, then the whole text with its button', async () => {
    const [family] = await database.db.select().from(products).where(eq(products.name, 'Foto Keluarga Kecil'));
    const description = `${'Sesi santai untuk keluarga kecil di studio kami. '.repeat(30)}Akhir deskripsi.`;
    await database.db.update(products).set({ description }).where(eq(products.id, family!.id));
    try {
      const u = telegramUser(h, 5030);
      await registerOnTelegram(u, 'Lia', '+6281277005030');
      await u.tap('Paket & Harga');
      await u.tap('Keluarga');
      const at = u.last.findIndex((m) => m.method === 'sendPhoto' && !m.caption);
      expect(at).toBeGreaterThanOrEqual(0);
      const card = u.last[at + 1];
      expect(card?.method).toBe('sendMessage');
      expect(card?.text).toContain('Foto Keluarga Kecil');
      expect(card?.text).toContain('Akhir deskripsi.');
      expect(buttonsOf(card).map((b) => b.text)).toEqual(['🗓️ Pesan paket ini']);
    } finally {
      await database.db.update(products).set({ description: family!.description }).where(eq(products.id, family!.id));
    }
  });

  it('books a slot and sends the transfer proof as a photo (downloaded with getFile, stored in Postgres)', async () => {
    const u = telegramUser(h, 5005);
    await registerOnTelegram(u, 'Dedi', '+6281277005005');
    await u.tap('Reservasi');
    await u.tap('Foto Studio Personal');
    await u.tap('Sab, 5 Des');
    expect(u.said).toContain('Sabtu, 5 Desember 2026');
    await u.tap('10.00');
    await u.tap(/Edit Tambahan/);
    await u.tap('Lanjut');
    expect(u.said).toContain('Total: Rp 190.000');
    await u.tap('Konfirmasi');
    expect(u.said).toContain('BCA 8120 555 021');
    h.tg.addFile('proof-5005', await pngBytes(), 'photos/proof-5005.png');
    await u.photo('proof-5005');
    expect(u.said).toContain('menunggu konfirmasi');
    expect(h.tg.calls.some((c) => c.method === 'getFile')).toBe(true);
    const customer = await customerByPhone('+6281277005005');
    const [booking] = await database.db
      .select()
      .from(reservations)
      .where(eq(reservations.customerId, customer.id));
    expect(booking?.status).toBe('awaiting_confirmation');
    expect(
      await database.db.select().from(paymentProofs).where(eq(paymentProofs.reservationId, booking!.id)),
    ).toHaveLength(1);

    // Reservasi Saya: the booking, its detail, and the proof sent again as an image document.
    await u.say('/menu');
    await u.tap('Reservasi Saya');
    expect(u.labels[0]).toMatch(/R-\d{4}-\d{6} · Sab, 5 Des · Menunggu konfirmasi/);
    await u.tap(/^R-/);
    await u.tap('Kirim bukti transfer');
    h.tg.addFile('proof-5005b', await pngBytes(60, 60), 'documents/bukti.png');
    await u.raw({
      document: {
        file_id: 'proof-5005b',
        file_unique_id: 'u5005b',
        file_name: 'bukti.png',
        mime_type: 'image/png',
        file_size: 200,
      },
    });
    expect(u.said).toContain('menunggu konfirmasi');
    expect(
      await database.db.select().from(paymentProofs).where(eq(paymentProofs.reservationId, booking!.id)),
    ).toHaveLength(2);

    await u.tap('Reservasi Saya');
    await u.tap(/^R-/);
    await u.tap('Batalkan reservasi');
    await u.tap('Ya, batalkan');
    expect(u.said).toMatch(/sudah dibatalkan/);
  });

  it('complaint with a photo gets a ticket code; a staff reply can be answered in the thread', async () => {
    const u = telegramUser(h, 5006);
    await registerOnTelegram(u, 'Lia', '+6281277005006');
    await u.tap('Keluhan');
    await u.tap('Umum');
    await u.say('Cetakan 10R saya warnanya pudar setelah seminggu.');
    h.tg.addFile('complaint-5006', await pngBytes(), 'photos/c5006.png');
    await u.photo('complaint-5006');
    expect(u.said).toMatch(/Kode tiket: K-\d{6}/);
    const customer = await customerByPhone('+6281277005006');
    const [complaint] = await database.db
      .select()
      .from(complaints)
      .where(eq(complaints.customerId, customer.id));
    await replyToComplaint(database.db, {
      complaintId: complaint!.id,
      staffId,
      body: 'Kami cetak ulang gratis, Kak.',
    });
    await u.say('Terima kasih banyak');
    await u.tap(`Balas keluhan ${complaint!.code}`);
    expect(u.said).toContain(`ditambahkan ke keluhan ${complaint!.code}`);
  });

  it('rating from the workers’ star buttons, then a comment; points and referral link', async () => {
    const u = telegramUser(h, 5007);
    await registerOnTelegram(u, 'Nanda', '+6281277005007');
    await u.tap('Reservasi');
    await u.tap('Wisuda Personal');
    await u.tap('Rab, 2 Des');
    await u.tap('09.00');
    await u.tap('Tidak, lanjut');
    await u.tap('Konfirmasi');
    const customer = await customerByPhone('+6281277005007');
    const [booking] = await database.db
      .select()
      .from(reservations)
      .where(eq(reservations.customerId, customer.id));
    await confirmReservation(database.db, { reservationId: booking!.id, staffId });
    await completeReservation(database.db, { reservationId: booking!.id, staffId, now: booking!.endAt });
    const item = await database.db.query.reservationItems.findFirst({
      where: (t, { eq }) => eq(t.reservationId, booking!.id),
    });
    await u.callback(`rate:${item!.id}:5`);
    expect(u.said).toContain('⭐⭐⭐⭐⭐');
    await u.say('Mantap!');
    expect(u.said).toContain('Komentar tersimpan');
    const [rating] = await database.db.select().from(ratings).where(eq(ratings.reservationItemId, item!.id));
    expect(rating).toMatchObject({ stars: 5, comment: 'Mantap!' });

    await u.tap('Poin Saya');
    expect(u.said).toContain('Poin Anda: 20 (senilai Rp 2.000)');
    await u.say('/menu');
    await u.tap('Ajak Teman');
    expect(u.said).toContain(`https://t.me/${h.tg.botInfo.username}?start=ref_${customer.referralCode}`);

    const friend = telegramUser(h, 5008);
    await friend.say(`/start ref_${customer.referralCode}`);
    await friend.say('Teman Nanda');
    await friend.contact('+6281277005008');
    await friend.tap('Lewati');
    await friend.tap('Lewati');
    expect(friend.said).toContain('Kode ajak teman berhasil dipakai');
  });

  it('FAQ by list and free text, passing an unknown question to staff; STOP and the promo button', async () => {
    const u = telegramUser(h, 5009);
    await registerOnTelegram(u, 'Oma', '+6281277005009');
    await u.tap('FAQ');
    await u.tap('Di mana alamat studio?');
    expect(u.said).toContain('Jl. Merdeka No. 21');
    await u.say('kapan hasil edit foto jadi?');
    expect(u.said).toContain('3–5 hari kerja');
    await u.say('apakah menerima pembayaran kripto');
    await u.tap('Teruskan ke staf');
    expect(u.said).toMatch(/kami teruskan ke staf \(kode K-\d{6}\)/);

    await u.say('STOP');
    expect(u.said).toContain('kami tidak akan mengirim promo lagi');
    expect((await customerByPhone('+6281277005009')).promoOptIn).toBe(false);
    await u.tap('Terima info promo');
    expect((await customerByPhone('+6281277005009')).promoOptIn).toBe(true);
  });
});
