import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintMessages, complaints, customers, faqEntries, ratings } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { updateFaq } from '../../src/faq/index.ts';
import { closeComplaint, replyToComplaint } from '../../src/feedback/index.ts';
import { completeReservation, confirmReservation, getReservation } from '../../src/reservations/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type ChatDriver, chat, createStaffUser, FIXED_NOW, pngBytes, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
let staffId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
  staffId = await createStaffUser(database.db);
});
afterAll(() => database.drop());

async function completedBooking(c: ChatDriver, date: string, time: string) {
  await c.command('menu');
  await c.tap('Reservasi');
  await c.tap('Foto Studio Personal');
  await c.choose(`bk:d:${date}`);
  await c.tap(time);
  await c.tap(/Make Up/);
  await c.tap('Lanjut');
  await c.tap('Konfirmasi');
  const reservationId = Number(c.last.session.data.reservationId);
  await c.photo(await pngBytes());
  await confirmReservation(database.db, { reservationId, staffId });
  const booked = await getReservation(database.db, reservationId);
  await completeReservation(database.db, { reservationId, staffId, now: booked!.endAt });
  return reservationId;
}

describe('complaints', () => {
  it('general complaint: one message, photo → ticket code titled from the message; staff reply; the customer answers in the thread', async () => {
    const c = chat(testRuntime(database.db), '3001');
    await registerViaChat(c, 'Lina', '+6281277003001');
    await c.tap('Keluhan');
    await c.tap('Umum');
    expect(c.said).toContain('dalam satu pesan');
    expect(c.said).not.toContain('judul');
    // Nothing to read: asked again, on the same step.
    await c.text('...');
    expect(c.said).toContain('Tulis ceritanya dengan kata-kata');
    expect(c.step).toBe('kel.body');
    const message = 'Halo kak, foto wisuda saya belum dikirim. Sudah seminggu file edit belum masuk ke Google Drive saya.';
    await c.text(message);
    expect(c.said).toContain('Ada foto pendukung?');
    await c.photo(await pngBytes(), { mime: 'image/png' });
    expect(c.said).toMatch(/Kode tiket: K-\d{6}/);
    const [complaint] = await database.db.select().from(complaints).where(eq(complaints.customerId, c.last.session.customerId!));
    expect(complaint).toMatchObject({ subject: 'Foto wisuda saya belum dikirim', status: 'open', reservationId: null });
    const [first] = await database.db.select().from(complaintMessages).where(eq(complaintMessages.complaintId, complaint!.id));
    expect(first?.fileId).not.toBeNull();

    await replyToComplaint(database.db, { complaintId: complaint!.id, staffId, body: 'Mohon maaf Kak, hari ini kami kirim.' });
    await c.text('Baik, saya tunggu ya kak');
    expect(c.buttons.map((b) => b.label)).toContain(`Balas keluhan ${complaint!.code}`);
    await c.tap(`Balas keluhan ${complaint!.code}`);
    expect(c.said).toContain(`ditambahkan ke keluhan ${complaint!.code}`);
    const thread = await database.db.select().from(complaintMessages).where(eq(complaintMessages.complaintId, complaint!.id));
    expect(thread.map((m) => m.body)).toEqual([
      message,
      'Mohon maaf Kak, hari ini kami kirim.',
      'Baik, saya tunggu ya kak',
    ]);
  });

  it('the "Balas" button of a staff reply (kel:t:<id>) opens the thread from any step; a closed one is refused', async () => {
    const c = chat(testRuntime(database.db), '3010');
    await registerViaChat(c, 'Wira', '+6281277003010');
    await c.tap('Keluhan');
    await c.tap('Umum');
    await c.text('Mohon info jadwal');
    // A second bubble before the photo question is answered belongs to the same complaint.
    await c.text('minggu depan');
    expect(c.said).toContain('Ada foto pendukung?');
    await c.tap('Kirim tanpa foto');
    const [complaint] = await database.db.select().from(complaints).where(eq(complaints.customerId, c.last.session.customerId!));
    await c.tap('Paket & Harga');
    await c.choose(`kel:t:${complaint!.id}`);
    expect(c.said).toContain(`Tulis balasan untuk keluhan ${complaint!.code}`);
    await c.text('Sabtu pagi bisa?');
    expect(c.said).toContain(`ditambahkan ke keluhan ${complaint!.code}`);
    await c.choose(`kel:t:${complaint!.id}`);
    await c.photo(await pngBytes(), { mime: 'image/png' });
    expect(c.said).toContain(`ditambahkan ke keluhan ${complaint!.code}`);
    const thread = await database.db.select().from(complaintMessages).where(eq(complaintMessages.complaintId, complaint!.id));
    expect(thread.map((m) => [m.body, m.fileId !== null])).toEqual([
      ['Mohon info jadwal\nminggu depan', false],
      ['Sabtu pagi bisa?', false],
      ['📷 Foto', true],
    ]);
    // Stamped with the conversation's clock, as the complaint itself is.
    expect(thread.map((m) => m.createdAt.toISOString())).toEqual(Array(3).fill(FIXED_NOW.toISOString()));
    await closeComplaint(database.db, { complaintId: complaint!.id, staffId });
    await c.choose(`kel:t:${complaint!.id}`);
    expect(c.said).toContain('keluhan itu tidak ditemukan');
    expect(c.step).toBe('menu');
  });

  it('about a booking, without a photo', async () => {
    const c = chat(testRuntime(database.db), '3002');
    await registerViaChat(c, 'Maya', '+6281277003002');
    await c.tap('Reservasi');
    await c.tap('Foto Studio Personal');
    await c.choose('bk:d:2026-12-09');
    await c.tap('10.00');
    await c.tap(/lanjut/i);
    await c.tap('Konfirmasi');
    await c.tap('Nanti saja');
    await c.tap('Keluhan');
    await c.tap(/^R-/);
    await c.text('Saya salah pilih jam.');
    await c.tap('Kirim tanpa foto');
    expect(c.said).toMatch(/K-\d{6}/);
    const [complaint] = await database.db.select().from(complaints).where(eq(complaints.customerId, c.last.session.customerId!));
    expect(complaint?.reservationId).not.toBeNull();
    expect(complaint?.subject).toBe('Saya salah pilih jam');
  });
});

describe('rating', () => {
  it('completed sessions (packages, not their add-ons) get star buttons and an optional comment; a second rating is refused kindly', async () => {
    const c = chat(testRuntime(database.db), '3003');
    await registerViaChat(c, 'Nina', '+6281277003003');
    await c.tap('Beri Rating');
    expect(c.said).toContain('Belum ada sesi foto yang selesai');
    await completedBooking(c, '2026-12-02', '10.00');
    await c.tap('Beri Rating');
    // The booking had a make-up artist added: that is not a session, so it is not offered.
    expect(c.buttons.filter((b) => b.id.startsWith('rt:i:')).map((b) => b.label.split(' · ')[0])).toEqual(['Foto Studio Personal']);
    await c.tap('Foto Studio Personal');
    expect(c.buttons.slice(0, 5).map((b) => b.label)).toEqual(['1⭐', '2⭐', '3⭐', '4⭐', '5⭐']);
    const fiveStars = c.buttonId('5⭐');
    await c.tap('5⭐');
    expect(c.said).toContain('Terima kasih atas rating ⭐⭐⭐⭐⭐');
    await c.text('Fotografernya ramah, hasilnya bagus!');
    expect(c.said).toContain('Komentar tersimpan');
    const rows = await database.db.select().from(ratings).where(eq(ratings.customerId, c.last.session.customerId!));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ stars: 5, comment: 'Fotografernya ramah, hasilnya bagus!' });
    await c.choose(fiveStars);
    expect(c.said).toContain('Anda sudah memberi rating');
    expect(await database.db.select().from(ratings).where(eq(ratings.customerId, c.last.session.customerId!))).toHaveLength(1);
    await c.command('menu');
    await c.tap('Beri Rating');
    expect(c.said).toContain('Belum ada sesi foto yang selesai untuk dinilai');
  });

  it('the star buttons of the workers’ rating request (rate:<item>:<stars>) work from any step', async () => {
    const c = chat(testRuntime(database.db), '3004');
    await registerViaChat(c, 'Oki', '+6281277003004');
    const reservationId = await completedBooking(c, '2026-12-02', '11.00');
    const [item] = await database.db.query.reservationItems.findMany({
      where: (t, { eq }) => eq(t.reservationId, reservationId),
    });
    await c.tap('Paket & Harga');
    await c.choose(`rate:${item!.id}:4`);
    expect(c.said).toContain('⭐⭐⭐⭐');
    await c.tap('Lewati');
    expect(c.step).toBe('menu');
    const [row] = await database.db.select().from(ratings).where(eq(ratings.reservationItemId, item!.id));
    expect(row).toMatchObject({ stars: 4, comment: null });
  });
});

describe('points, referral, FAQ, promo', () => {
  it('Poin Saya shows balance, status, history and the rules', async () => {
    const c = chat(testRuntime(database.db), '3005');
    await registerViaChat(c, 'Putri', '+6281277003005');
    await completedBooking(c, '2026-12-03', '13.00');
    await c.tap('Poin Saya');
    // Rp 150.000 + Rp 120.000 make-up = Rp 270.000 → 27 points.
    expect(c.said).toContain('Poin Anda: 27 (senilai Rp 2.700)');
    expect(c.said).toContain('Keanggotaan: Reguler');
    expect(c.said).toContain('+27 — Sesi selesai');
    expect(c.said).toContain('1 poin untuk tiap belanja Rp 10.000');
  });

  it('Ajak Teman gives the code and a Telegram start link', async () => {
    const c = chat(testRuntime(database.db), '3006');
    await registerViaChat(c, 'Rudi', '+6281277003006');
    await c.tap('Ajak Teman');
    const [row] = await database.db.select().from(customers).where(eq(customers.id, c.last.session.customerId!));
    expect(c.said).toContain(`https://t.me/potret_test_bot?start=ref_${row!.referralCode}`);
    expect(c.said).toContain('Anda dapat 100 poin');
  });

  it('FAQ: an entry the owner switched off is not shown from an older list’s button', async () => {
    const c = chat(testRuntime(database.db), '3020');
    await registerViaChat(c, 'Maya', '+6281277003020');
    await c.tap('FAQ');
    const clothes = c.buttonId('Boleh bawa baju');
    const [entry] = await database.db.select().from(faqEntries).where(eq(faqEntries.question, 'Boleh bawa baju dan properti sendiri?'));
    await updateFaq(database.db, entry!.id, { active: false });
    try {
      await c.choose(clothes);
      expect(c.said).toContain('Pertanyaan tidak ditemukan.');
      expect(c.said).not.toContain(entry!.answer);
      expect(c.buttons.map((b) => b.label)).not.toContain('Boleh bawa baju dan properti sendiri?');
      expect(c.step).toBe('faq.list');
    } finally {
      await updateFaq(database.db, entry!.id, { active: true });
    }
  });

  it('FAQ: the list, an answer, a free-text question, and passing an unknown one to staff', async () => {
    const c = chat(testRuntime(database.db), '3007');
    await registerViaChat(c, 'Sinta', '+6281277003007');
    await c.tap('FAQ');
    await c.tap('Jam buka studio?');
    expect(c.said).toContain('Senin–Sabtu 09.00–18.00 WIB');
    await c.text('bisa bayar lewat transfer bank?');
    expect(c.said).toContain('Bagaimana cara bayar?');
    await c.text('apakah ada diskon untuk rombongan sekolah');
    expect(c.said).toContain('belum menemukan jawabannya');
    await c.tap('Teruskan ke staf');
    expect(c.said).toMatch(/kami teruskan ke staf \(kode K-\d{6}\)/);
    const [complaint] = await database.db.select().from(complaints).where(eq(complaints.customerId, c.last.session.customerId!));
    // Titled from the customer's own words; the admin labels it a question in each staff member's language.
    expect(complaint).toMatchObject({ kind: 'question' });
    expect(complaint?.subject).toContain('diskon untuk rombongan');
  });

  it('free text at the menu is answered from the FAQ', async () => {
    const c = chat(testRuntime(database.db), '3008');
    await registerViaChat(c, 'Tono', '+6281277003008');
    await c.text('alamat studionya dimana?');
    expect(c.said).toContain('Jl. Merdeka No. 21');
  });

  it('STOP / berhenti at any step opts out with a confirmation and keeps the step; MULAI and the button opt in', async () => {
    const c = chat(testRuntime(database.db), '3009');
    await registerViaChat(c, 'Umi', '+6281277003009');
    const optIn = async () =>
      (await database.db.select().from(customers).where(eq(customers.id, c.last.session.customerId!)))[0]!.promoOptIn;
    await c.tap('Reservasi');
    await c.tap('Foto Studio Personal');
    await c.text('berhenti');
    expect(c.said).toContain('kami tidak akan mengirim promo lagi');
    expect(c.step).toBe('bk.date');
    expect(await optIn()).toBe(false);
    await c.text('MULAI');
    expect(await optIn()).toBe(true);
    await c.text('Stop');
    expect(await optIn()).toBe(false);
    await c.command('menu');
    await c.tap('Terima info promo');
    expect(c.said).toContain('Info promo dari studio akan kami kirim lagi');
    expect(await optIn()).toBe(true);
    expect(c.buttons.some((b) => b.label.includes('Berhenti terima promo'))).toBe(true);
  });
});

