import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saysPaid } from '../../bots/conversation/journeys/payment-talk.ts';
import { paymentProofs, reservations } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type ChatDriver, chat, pngBytes, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

/** Books a session through the chat and stops at the bank details (pending payment). */
async function unpaidBooking(c: ChatDriver, date: string, time: string) {
  await c.command('menu');
  await c.tap('Reservasi');
  await c.tap('Foto Studio Personal');
  await c.choose(`bk:d:${date}`);
  await c.tap(time);
  await c.tap('Tidak, lanjut');
  await c.tap('Konfirmasi');
  const reservationId = Number(c.last.session.data.reservationId);
  const [row] = await database.db.select().from(reservations).where(eq(reservations.id, reservationId));
  expect(row?.status).toBe('pending_payment');
  await c.command('menu');
  return row!;
}

describe('"sudah transfer" in free text', () => {
  it('at the menu, with a booking waiting for payment: that booking and the proof step, not the how-to-pay FAQ', async () => {
    const c = chat(testRuntime(database.db), '7001');
    await registerViaChat(c, 'Ayu', '+6281277007001');
    const booking = await unpaidBooking(c, '2026-12-05', '11.00');
    for (const text of ['sudah transfer', 'sdh tf kak', 'ini bukti tf nya', 'udah bayar', 'Kak, transfer sudah ya 🙏']) {
      await c.command('menu');
      await c.text(text);
      expect(c.step, text).toBe('my.proof');
      expect(c.last.session.data.reservationId, text).toBe(booking.id);
      expect(c.said, text).toContain(`Kirim foto bukti transfer untuk ${booking.code}`);
      expect(c.said, text).not.toContain('💡');
    }
    await c.photo(await pngBytes());
    expect(c.said).toContain(booking.code);
    const [after] = await database.db.select().from(reservations).where(eq(reservations.id, booking.id));
    expect(after?.status).toBe('awaiting_confirmation');
    expect(await database.db.select().from(paymentProofs).where(eq(paymentProofs.reservationId, booking.id))).toHaveLength(1);

    // Nothing waits for payment any more: the text goes to the FAQ again.
    await c.text('sudah transfer');
    expect(c.step).toBe('menu');
  });

  it('a question about how to pay still gets the FAQ answer', async () => {
    const c = chat(testRuntime(database.db), '7002');
    await registerViaChat(c, 'Bima', '+6281277007002');
    await unpaidBooking(c, '2026-12-05', '12.00');
    await c.text('bagaimana cara bayar?');
    expect(c.step).toBe('menu');
    expect(c.said).toContain('Bagaimana cara bayar?');
  });

  it('in the FAQ step too; a customer with nothing to pay is answered from the FAQ', async () => {
    const c = chat(testRuntime(database.db), '7003');
    await registerViaChat(c, 'Citra', '+6281277007003');
    await c.tap('FAQ');
    await c.text('sudah transfer kak');
    expect(c.step).toBe('faq.list');
    const booking = await unpaidBooking(c, '2026-12-05', '13.00');
    await c.tap('FAQ');
    await c.text('sudah transfer kak');
    expect(c.step).toBe('my.proof');
    expect(c.said).toContain(booking.code);
  });

  it('two bookings waiting: the one due first takes the proof, the other is a button away', async () => {
    const c = chat(testRuntime(database.db), '7004');
    await registerViaChat(c, 'Dodi', '+6281277007004');
    const first = await unpaidBooking(c, '2026-12-07', '10.00');
    const second = await unpaidBooking(c, '2026-12-05', '14.00');
    await c.text('udah tf');
    expect(c.step).toBe('my.proof');
    expect(c.last.session.data.reservationId).toBe(first.id);
    expect(c.buttons.map((b) => b.id)).toContain(`my:r:${second.id}`);
    await c.choose(`my:r:${second.id}`);
    expect(c.step).toBe('my.detail');
    await c.tap('Kirim bukti transfer');
    expect(c.last.session.data.reservationId).toBe(second.id);
  });
});

describe('saysPaid', () => {
  it('hears "I paid" in the ways customers write it, and not questions about paying', () => {
    const paid = [
      'sudah transfer',
      'Sdh tf kak',
      'ini bukti tf nya',
      'udah bayar',
      'sudah saya transfer ya kak',
      'dah di tf',
      'bukti pembayaran',
      'transfernya sudah kak',
      'I have paid',
      "I've transferred the money",
      'here is the payment proof',
    ];
    const notPaid = [
      'bagaimana cara bayar?',
      'bayar ke rekening mana?',
      'belum transfer kak',
      'bisa transfer bank?',
      'berapa harga paket keluarga',
      'how do I pay?',
      'alamat studionya dimana?',
    ];
    expect(paid.filter((text) => !saysPaid(text))).toEqual([]);
    expect(notPaid.filter(saysPaid)).toEqual([]);
  });
});
