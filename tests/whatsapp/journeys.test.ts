import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelIdentities,
  complaints,
  customers,
  paymentProofs,
  ratings,
  reservations,
  staffUsers,
} from '../../db/schema/index.ts';
import { createWhatsAppAdapter } from '../../bots/whatsapp/adapter.ts';
import { completeReservation, confirmReservation } from '../../src/reservations/index.ts';
import { FakeWhatsAppClient, fakeMessage } from '../fakes/whatsapp-client.ts';
import { createTestDatabase } from '../helpers/db.ts';
import {
  createWhatsAppHarness,
  pngBytes,
  registerOnWhatsApp,
  silentLog,
  type WhatsAppHarness,
  waChat,
} from './harness.ts';

let h: WhatsAppHarness;
beforeAll(async () => {
  h = await createWhatsAppHarness();
});
afterAll(() => h.close());

async function customerByPhone(phone: string) {
  const [row] = await h.db.select().from(customers).where(eq(customers.phone, phone));
  return row;
}

describe('the Telegram journeys, on WhatsApp', () => {
  it('registers without asking for the phone: the WhatsApp id is the number', async () => {
    const rina = waChat(h, '6281277002001', { notifyName: 'Rina' });
    await rina.say('Halo kak');
    expect(rina.said).toContain('Potret Studio Tanjungpinang');
    expect(rina.said).toContain('boleh tahu nama Anda');
    expect(rina.options.map((o) => o.label)).toEqual(['Pakai nama "Rina"', '✖️ Batal']);
    expect(rina.said).toContain('Balas angka 1–2 atau ketik pilihannya.');

    await rina.say('Rina Marlina');
    // Straight from the name to the email: no "ketik nomor HP".
    expect(rina.said).not.toMatch(/nomor HP/i);
    expect(rina.said).toContain('email Anda?');
    await rina.say('rina@example.com');
    expect(rina.said).toContain('alamat Anda');
    await rina.say('Lewati');
    expect(rina.said).toContain('Selamat bergabung, Kak Rina Marlina');
    expect(rina.options.map((o) => o.label)).toEqual([
      '📷 Paket & Harga',
      '🗓️ Reservasi',
      '🧾 Reservasi Saya',
      '💬 Keluhan',
      '⭐ Beri Rating',
      '🎁 Poin Saya',
      '❓ FAQ',
      '🤝 Ajak Teman',
      '🔕 Berhenti terima promo',
      '🌐 English',
    ]);

    const row = await customerByPhone('+6281277002001');
    expect(row).toMatchObject({ name: 'Rina Marlina', email: 'rina@example.com' });
    const identities = await h.db.select().from(channelIdentities).where(eq(channelIdentities.customerId, row!.id));
    expect(identities.map((i) => [i.channel, i.externalId, i.displayName])).toEqual([
      ['whatsapp', '6281277002001@c.us', 'Rina'],
    ]);
  });

  it('a first message carrying ref_CODE (a wa.me link with prefilled text) registers with the referral', async () => {
    const rina = await customerByPhone('+6281277002001');
    const friend = waChat(h, '6281277002007', { notifyName: 'Wulan' });
    await friend.say(`Halo, saya diajak teman. ref_${rina!.referralCode}`);
    expect(friend.said).toContain('boleh tahu nama Anda');
    await friend.say('Wulan');
    await friend.pick('Lewati');
    await friend.pick('Lewati');
    expect(friend.said).toContain('Kode ajak teman berhasil dipakai');
    const wulan = await customerByPhone('+6281277002007');
    expect(wulan?.referredById).toBe(rina!.id);
    expect(wulan?.pointsBalance).toBeGreaterThan(0);
  });

  it('menu by number and by text; the catalog shows each package as a photo with its caption', async () => {
    const chat = waChat(h, '6281277002002', { notifyName: 'Dewi' });
    await registerOnWhatsApp(chat, 'Dewi');
    await chat.say('1');
    expect(chat.said).toContain('Mau lihat paket yang mana, Kak?');
    await chat.say('🏠 Menu');
    expect(chat.said).toContain('Ada yang bisa kami bantu?');
    await chat.say('paket & harga');
    expect(chat.said).toContain('Mau lihat paket yang mana, Kak?');
    await chat.pick('Wisuda');
    const photos = chat.replies.filter((m) => m.media);
    expect(photos).toHaveLength(2);
    for (const photo of photos) {
      expect(photo.media?.mimetype).toMatch(/^image\//);
      expect(Buffer.from(photo.media!.data, 'base64').byteLength).toBeGreaterThan(100);
      expect(photo.options?.caption).toBe(photo.text);
    }
    expect(photos[0]!.text).toContain('Wisuda Personal');
    expect(photos[0]!.text).toMatch(/Rp \d{1,3}(\.\d{3})+/);
    expect(photos[0]!.text).toMatch(/^1\. 🗓️ Pesan paket ini$/m);
    expect(photos[1]!.text).toMatch(/^2\. 🗓️ Pesan paket ini$/m);
    expect(chat.said).toContain('Balas angka 1–');
  });

  it('books from the catalog to the transfer proof, sent as an image', async () => {
    const chat = waChat(h, '6281277002003', { notifyName: 'Budi' });
    await registerOnWhatsApp(chat, 'Budi');
    await chat.pick('Paket & Harga');
    await chat.pick('Foto Studio');
    await chat.say('1');
    expect(chat.said).toContain('Pilih tanggal:');
    await chat.say('1');
    expect(chat.said).toContain('Pilih jam (WIB):');
    await chat.say('2');
    if (chat.said.includes('Mau tambah sekalian?')) {
      await chat.pick('Tidak, lanjut');
    }
    expect(chat.said).toContain('Ringkasan reservasi');
    expect(chat.said).toMatch(/Total: Rp /);
    await chat.pick('Konfirmasi reservasi');
    expect(chat.said).toContain('sudah kami catat');
    expect(chat.said).toContain('BCA 8120 555 021');
    expect(chat.said).toContain('Kirim foto bukti transfer');
    const code = /Reservasi (R-[\w-]+) sudah kami catat/.exec(chat.said)?.[1];
    expect(code).toBeDefined();

    await chat.send({ media: { mimetype: 'image/png', data: await pngBytes(), filename: null } });
    expect(chat.said).toContain(`Bukti transfer untuk ${code} sudah kami terima`);
    const [booking] = await h.db.select().from(reservations).where(eq(reservations.code, code!));
    expect(booking?.status).toBe('awaiting_confirmation');
    const proofs = await h.db.select().from(paymentProofs).where(eq(paymentProofs.reservationId, booking!.id));
    expect(proofs).toHaveLength(1);

    // Reservasi Saya: the booking, its detail, and the proof again as an image sent "as a file".
    await chat.pick('Reservasi Saya');
    expect(chat.said).toContain(code!);
    await chat.pick(code!);
    expect(chat.said).toContain('Status: Menunggu konfirmasi');
    await chat.pick('Kirim bukti transfer');
    await chat.send({
      type: 'document',
      media: { mimetype: 'image/png', data: await pngBytes(60, 40), filename: 'bukti-transfer.png' },
    });
    expect(chat.said).toContain(`Bukti transfer untuk ${code} sudah kami terima`);
    const after = await h.db.select().from(paymentProofs).where(eq(paymentProofs.reservationId, booking!.id));
    expect(after).toHaveLength(2);
  });

  it('a complaint gets a ticket code; FAQ answers by number; STOP turns promotions off', async () => {
    const chat = waChat(h, '6281277002004', { notifyName: 'Sari' });
    await registerOnWhatsApp(chat, 'Sari');
    await chat.pick('Keluhan');
    await chat.pick('Umum');
    await chat.say('Foto belum dikirim, sudah seminggu hasil editnya belum saya terima.');
    await chat.pick('Kirim tanpa foto');
    const code = /Kode tiket: (K-[\w-]+)/.exec(chat.said)?.[1];
    expect(code).toBeDefined();
    const [ticket] = await h.db.select().from(complaints).where(eq(complaints.code, code!));
    expect(ticket?.subject).toBe('Foto belum dikirim, sudah seminggu hasil editnya belum…');

    await chat.pick('FAQ');
    expect(chat.said).toContain('pertanyaan yang sering ditanyakan');
    await chat.pick('Jam buka studio?');
    expect(chat.said).toContain('💡 Jam buka studio?');

    await chat.say('STOP');
    expect(chat.said).toContain('kami tidak akan mengirim promo lagi');
    expect((await customerByPhone('+6281277002004'))?.promoOptIn).toBe(false);
    await chat.say('menu');
    expect(chat.options.map((o) => o.label)).toContain('🔔 Terima info promo');
    await chat.pick('Terima info promo');
    expect((await customerByPhone('+6281277002004'))?.promoOptIn).toBe(true);
  });

  it('rates a completed session with a number of stars and sees the points it earned', async () => {
    const chat = waChat(h, '6281277002005', { notifyName: 'Tono' });
    await registerOnWhatsApp(chat, 'Tono');
    await chat.pick('Reservasi');
    await chat.pick('Foto Studio Personal');
    await chat.say('1');
    await chat.say('1');
    if (chat.said.includes('Mau tambah sekalian?')) await chat.pick('Tidak, lanjut');
    await chat.pick('Konfirmasi reservasi');
    const code = /Reservasi (R-[\w-]+) sudah kami catat/.exec(chat.said)?.[1];
    const [booking] = await h.db.select().from(reservations).where(eq(reservations.code, code!));
    const [staff] = await h.db
      .insert(staffUsers)
      .values({ email: 'staf@potret.test', name: 'Staf', role: 'staff', passwordHash: 'x' })
      .returning();
    await confirmReservation(h.db, { reservationId: booking!.id, staffId: staff!.id });
    await completeReservation(h.db, { reservationId: booking!.id, staffId: staff!.id, now: booking!.endAt });

    await chat.say('menu');
    await chat.pick('Beri Rating');
    await chat.pick('Foto Studio Personal');
    expect(chat.said).toContain('Berapa bintang');
    await chat.say('5');
    expect(chat.said).toContain('Terima kasih atas rating ⭐⭐⭐⭐⭐');
    await chat.say('Fotografernya ramah!');
    expect(chat.said).toContain('Komentar tersimpan');
    const [rating] = await h.db.select().from(ratings).where(eq(ratings.customerId, booking!.customerId));
    expect(rating).toMatchObject({ stars: 5, comment: 'Fotografernya ramah!' });

    await chat.pick('Poin Saya');
    const [tono] = await h.db.select().from(customers).where(eq(customers.id, booking!.customerId));
    expect(tono!.pointsBalance).toBeGreaterThan(0);
    expect(chat.said).toContain(`Poin Anda: ${tono!.pointsBalance}`);
    expect(chat.said).toContain('Sesi selesai');
  });
});

describe('in English', () => {
  it('a customer who picks English reads the list hints in English too', async () => {
    const chat = waChat(h, '6281277002006', { notifyName: 'Kevin' });
    await registerOnWhatsApp(chat, 'Kevin');
    await chat.pick('English');
    expect(chat.said).toContain('Reply with a number 1–10 or type the option.');
    await chat.say('99');
    expect(chat.said).toContain('There is no number 99 in the list.');
  });
});

describe('input WhatsApp sends that the studio cannot use', () => {
  it('sticker, voice note, video and a PDF get a short answer and the current step again; nothing changes', async () => {
    const chat = waChat(h, '6281277002101', { notifyName: 'Andi' });
    await registerOnWhatsApp(chat, 'Andi');
    await chat.pick('Keluhan');
    const prompt = chat.said;
    const webp = await pngBytes();
    for (const media of [
      { type: 'sticker', media: { mimetype: 'image/webp', data: webp } },
      { media: { mimetype: 'audio/ogg; codecs=opus', data: webp } },
      { media: { mimetype: 'video/mp4', data: webp } },
      { media: { mimetype: 'application/pdf', data: webp, filename: 'bukti.pdf' } },
    ]) {
      await chat.send(media);
      expect(chat.replies.length).toBeGreaterThan(1);
      expect(chat.replies.at(-1)!.text).toBe(prompt);
    }
  });

  it('a huge or non-image proof is refused with the reason; the booking still waits for payment', async () => {
    const chat = waChat(h, '6281277002102', { notifyName: 'Lia' });
    await registerOnWhatsApp(chat, 'Lia');
    await chat.pick('Reservasi');
    await chat.pick('Foto Studio Personal');
    await chat.say('1');
    await chat.say('3');
    if (chat.said.includes('Mau tambah sekalian?')) await chat.pick('Tidak, lanjut');
    await chat.pick('Konfirmasi reservasi');
    const code = /Reservasi (R-[\w-]+) sudah kami catat/.exec(chat.said)?.[1];

    // WhatsApp announces the size: refused before anything is downloaded.
    await chat.send({ media: { mimetype: 'image/jpeg', data: await pngBytes(), filesize: 12 * 1024 * 1024 } });
    expect(chat.said).toContain('terlalu besar');
    // No size announced: refused from the base64 length, before decoding.
    const huge = 'A'.repeat(Math.ceil((11 * 1024 * 1024 * 4) / 3));
    await chat.send({ media: { mimetype: 'image/jpeg', data: huge } });
    expect(chat.said).toContain('terlalu besar');
    // Says it is an image, is not.
    await chat.send({ media: { mimetype: 'image/jpeg', data: new TextEncoder().encode('bukan gambar') } });
    expect(chat.said).toContain('harus berupa foto');

    const [booking] = await h.db.select().from(reservations).where(eq(reservations.code, code!));
    expect(booking?.status).toBe('pending_payment');
    expect(await h.db.select().from(paymentProofs).where(eq(paymentProofs.reservationId, booking!.id))).toHaveLength(0);
    expect(chat.said).toContain('Kirim foto bukti transfer');
  });

  it('a number that is not on the list gets a friendly answer and the list again', async () => {
    const chat = waChat(h, '6281277002103', { notifyName: 'Maya' });
    await registerOnWhatsApp(chat, 'Maya');
    await chat.say('42');
    expect(chat.said).toContain('Nomor 42 tidak ada di daftar');
    expect(chat.options).toHaveLength(10);
    expect(chat.said).toContain('Balas angka 1–10');
    await chat.say('0');
    expect(chat.said).toContain('Nomor 0 tidak ada di daftar');
    await chat.say('6');
    expect(chat.said).toContain('Poin Anda');
  });

  it('group messages, status updates and the studio phone’s own messages are not answered', async () => {
    const before = h.client.sent.length;
    h.client.receive({ from: '120363025246125888@g.us', body: 'Halo semua', author: '6281277002201@c.us' });
    h.client.receive({ from: 'status@broadcast', body: 'Liburan!', author: '6281277002202@c.us' });
    h.client.receive({ from: '6281277002203@c.us', body: 'Pesan dari HP studio', fromMe: true });
    await h.adapter.idle();
    expect(h.client.sent.length).toBe(before);
    const identities = await h.db
      .select()
      .from(channelIdentities)
      .where(and(eq(channelIdentities.channel, 'whatsapp'), eq(channelIdentities.externalId, '120363025246125888@g.us')));
    expect(identities).toHaveLength(0);
  });

  it('two quick messages from one chat are answered in the order they were written', async () => {
    const chat = waChat(h, '6281277002105', { notifyName: 'Gita' });
    await registerOnWhatsApp(chat, 'Gita');
    const before = h.client.sent.length;
    // "6" opens Poin Saya, whose list is 1. Reservasi, 2. Menu: the "2" only means Menu after it.
    h.client.receive({ from: chat.chatId, body: '6' });
    h.client.receive({ from: chat.chatId, body: '2' });
    await h.adapter.idle();
    const texts = h.client.sent.slice(before).map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('Poin Anda');
    expect(texts[1]).toContain('Ada yang bisa kami bantu?');
  });

  it('the same message delivered twice after a reconnect is answered once', async () => {
    const chat = waChat(h, '6281277002104', { notifyName: 'Eka' });
    await registerOnWhatsApp(chat, 'Eka');
    const before = h.client.sent.length;
    const message = h.client.receive({ from: chat.chatId, body: '6' });
    await h.adapter.idle();
    h.client.emit('message', message);
    await h.adapter.idle();
    expect(h.client.sent.slice(before).filter((m) => m.text.includes('Poin Anda'))).toHaveLength(1);
  });
});

describe('when the database is down', () => {
  it('the customer is told to try again instead of getting no answer', async () => {
    const broken = await createTestDatabase();
    await broken.close();
    const client = new FakeWhatsAppClient();
    client.emitReady();
    const adapter = createWhatsAppAdapter({
      db: broken.db,
      connection: { onMessage: () => {}, sendMessage: async (chatId, content) => void (await client.sendMessage(chatId, content)) },
      log: silentLog,
      timeZone: 'Asia/Jakarta',
      defaultLocale: 'id',
    });
    try {
      await adapter.handleMessage(fakeMessage({ from: '6281277002301@c.us', body: 'Halo' }));
      expect(client.textsTo('6281277002301@c.us')).toEqual(['Maaf, terjadi gangguan. Silakan coba lagi sebentar lagi.']);
    } finally {
      await broken.drop();
    }
  });
});
