import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, customers, products } from '../../db/schema/index.ts';
import { createCustomerByStaff, linkChatByStaffCode, registerCustomer } from '../../src/customers/index.ts';
import { adjustPoints } from '../../src/loyalty/index.ts';
import { availableSlots, createReservation, listCustomerReservations } from '../../src/reservations/index.ts';
import {
  createWhatsAppHarness,
  FIXED_NOW,
  registerOnWhatsApp,
  type WhatsAppHarness,
  waChat,
} from './harness.ts';

let h: WhatsAppHarness;
beforeAll(async () => {
  h = await createWhatsAppHarness();
});
afterAll(() => h.close());

async function identitiesOf(customerId: number) {
  const rows = await h.db
    .select()
    .from(channelIdentities)
    .where(eq(channelIdentities.customerId, customerId));
  return rows.map((row) => `${row.channel}:${row.externalId}`).sort();
}

async function bookFirstFreeSlot(customerId: number) {
  const [product] = await h.db.select().from(products).where(eq(products.name, 'Foto Studio Personal'));
  const [slot] = await availableSlots(h.db, { productId: product!.id, date: '2026-12-03', now: FIXED_NOW });
  const { reservation } = await createReservation(h.db, {
    customerId,
    productId: product!.id,
    startAt: slot!.startAt,
    channel: 'telegram',
    now: FIXED_NOW,
  });
  return reservation;
}

describe('one customer on both apps', () => {
  it('booked on Telegram, writes on WhatsApp: the same customer, bookings and points, no second registration', async () => {
    const { customer } = await registerCustomer(h.db, {
      channel: 'telegram',
      externalId: '700100',
      name: 'Yuni Astuti',
      phone: '0812-7700-3001',
    });
    const booking = await bookFirstFreeSlot(customer.id);
    await adjustPoints(h.db, { customerId: customer.id, delta: 120, note: 'Bonus pelanggan setia' });

    const chat = waChat(h, '6281277003001', { notifyName: 'Yuni' });
    await chat.say('Halo, mau tanya jadwal');
    expect(chat.said).toContain('Selamat datang kembali!');
    expect(chat.said).toContain('Halo Kak Yuni Astuti!');
    expect(chat.said).not.toContain('boleh tahu nama Anda');

    await chat.pick('Reservasi Saya');
    expect(chat.said).toContain(booking.code);
    await chat.say('menu');
    await chat.pick('Poin Saya');
    expect(chat.said).toContain('Poin Anda: 120');

    expect(await h.db.select().from(customers).where(eq(customers.phone, '+6281277003001'))).toHaveLength(1);
    expect(await identitiesOf(customer.id)).toEqual(['telegram:700100', 'whatsapp:6281277003001@c.us']);

    // A booking made on WhatsApp is the same customer's, as Telegram will show it.
    await chat.say('menu');
    await chat.pick('Reservasi');
    await chat.pick('Foto Studio Personal');
    await chat.say('2');
    await chat.say('1');
    if (chat.said.includes('Mau tambah sekalian?')) await chat.pick('Tidak, lanjut');
    if (chat.said.includes('Mau dipakai untuk potongan harga?')) await chat.pick('Tidak pakai poin');
    await chat.pick('Konfirmasi reservasi');
    const code = /Reservasi (R-[\w-]+) sudah kami catat/.exec(chat.said)?.[1];
    const mine = await listCustomerReservations(h.db, customer.id);
    expect(mine.map((r) => r.code).sort()).toEqual([booking.code, code].sort());
  });

  it('registered on WhatsApp first, then on Telegram with the same phone: linked, not duplicated', async () => {
    const chat = waChat(h, '6281277003002', { notifyName: 'Fajar' });
    await registerOnWhatsApp(chat, 'Fajar');
    const [onWhatsApp] = await h.db.select().from(customers).where(eq(customers.phone, '+6281277003002'));
    const onTelegram = await registerCustomer(h.db, {
      channel: 'telegram',
      externalId: '700200',
      name: 'Fajar S.',
      phone: '+62 812-7700-3002',
    });
    expect(onTelegram.linked).toBe(true);
    expect(onTelegram.customer.id).toBe(onWhatsApp!.id);
    expect(await identitiesOf(onWhatsApp!.id)).toEqual(['telegram:700200', 'whatsapp:6281277003002@c.us']);
  });

  it('a customer staff entered at the counter is recognised on their first WhatsApp message', async () => {
    const known = await createCustomerByStaff(h.db, { name: 'Ibu Ratna', phone: '081277003003' });
    const chat = waChat(h, '6281277003003', { notifyName: 'Ratna' });
    await chat.say('Selamat pagi');
    expect(chat.said).toContain('Halo Kak Ibu Ratna!');
    expect(await identitiesOf(known.id)).toEqual(['whatsapp:6281277003003@c.us']);
  });

  it('a privacy id without a phone (@lid) typing a known number is linked only after staff confirm its code', async () => {
    const known = await createCustomerByStaff(h.db, { name: 'Pak Hendra', phone: '081277003004' });
    // waChat builds @c.us ids; a @lid chat is driven directly.
    const lid = '201234567890123@lid';
    const send = async (body: string) => {
      h.client.receive({ from: lid, body });
      await h.adapter.idle();
    };
    await send('Halo');
    await send('Hendra');
    expect(h.client.textsTo(lid).at(-1)).toContain('Boleh minta nomor HP/WhatsApp Anda?');
    const before = h.client.textsTo(lid).length;
    await send('0812 7700 3004');
    const answer = h.client.textsTo(lid).slice(before).join('\n');
    // WhatsApp vouches for nothing in a @lid chat: the number is not taken on the chat's word.
    expect(answer).toContain('Nomor ini sudah tercatat di studio');
    expect(answer).toContain('kirim pesan ke kami dari WhatsApp nomor +62 812-7700-3004');
    expect(await identitiesOf(known.id)).toEqual([]);

    const code = /Kode sambung Anda: (\d{6})/.exec(answer)?.[1];
    expect(code).toBeDefined();
    expect(
      await linkChatByStaffCode(h.db, { customerId: known.id, code: code!, now: FIXED_NOW }),
    ).toMatchObject({
      ok: true,
    });
    expect(await identitiesOf(known.id)).toEqual([`whatsapp:${lid}`]);
    await send('menu');
    expect(h.client.textsTo(lid).join('\n')).toContain('Halo Kak Pak Hendra! Ada yang bisa kami bantu?');
  });
});
