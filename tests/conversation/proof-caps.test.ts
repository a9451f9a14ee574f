import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files, paymentProofs, products } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { t } from '../../src/i18n/index.ts';
import { bookingButtonId } from '../../src/messaging/chat-actions.ts';
import {
  createReservation,
  MAX_PROOFS_PER_BOOKING,
  MAX_PROOFS_PER_CUSTOMER_DAY,
  submitProof,
} from '../../src/reservations/index.ts';
import { zonedTimeToInstant } from '../../src/time.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type ChatDriver, chat, FIXED_NOW, pngBytes, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

const fileCount = async () => (await database.db.select({ n: count() }).from(files))[0]!.n;
const proofsOf = async (reservationId: number) =>
  (
    await database.db
      .select({ n: count() })
      .from(paymentProofs)
      .where(eq(paymentProofs.reservationId, reservationId))
  )[0]!.n;

/** Books Foto Studio Personal on 10 December at `time` and stops at the proof step; the booking's id. */
async function book(c: ChatDriver, time: string): Promise<number> {
  await c.command('menu');
  await c.tap('Reservasi');
  await c.tap('Foto Studio Personal');
  await c.choose('bk:d:2026-12-10');
  await c.tap(time);
  await c.tap(/lanjut/i);
  await c.tap('Konfirmasi');
  expect(c.step).toBe('bk.proof');
  return c.last.session.data.reservationId as number;
}

/** From anywhere: the booking's detail, "Kirim bukti transfer", a photo. */
async function sendProofAgain(c: ChatDriver, reservationId: number) {
  await c.choose(bookingButtonId(reservationId));
  await c.tap('Kirim bukti transfer');
  expect(c.step).toBe('my.proof');
  await c.photo(await pngBytes(), { mime: 'image/png' });
}

describe('proof caps in chat: a kind answer, the menu, nothing stored', () => {
  it(`after ${MAX_PROOFS_PER_BOOKING} proofs for a booking, another is thanked for and not kept (Indonesian, then English)`, async () => {
    const c = chat(testRuntime(database.db), '5101');
    await registerViaChat(c, 'Rina', '+6281277005101');
    const reservationId = await book(c, '09.00');
    await c.photo(await pngBytes(), { mime: 'image/png' });
    expect(c.said).toContain('menunggu konfirmasi');
    for (let i = 1; i < MAX_PROOFS_PER_BOOKING; i += 1) {
      await sendProofAgain(c, reservationId);
      expect(c.said).toContain('menunggu konfirmasi');
    }
    expect(await proofsOf(reservationId)).toBe(MAX_PROOFS_PER_BOOKING);

    const filesBefore = await fileCount();
    await sendProofAgain(c, reservationId);
    expect(c.said).toContain(t('id', 'errors.PROOF_LIMIT_BOOKING'));
    expect(c.said).toContain('tidak perlu kirim lagi');
    expect(c.said).not.toContain('terjadi gangguan');
    // The menu, not the proof step asking for one more photo.
    expect(c.step).toBe('menu');
    expect(c.buttons.some((b) => b.label.includes('Reservasi Saya'))).toBe(true);
    expect(await proofsOf(reservationId)).toBe(MAX_PROOFS_PER_BOOKING);
    expect(await fileCount()).toBe(filesBefore);

    await c.command('bahasa');
    await c.choose(bookingButtonId(reservationId));
    await c.tap('Send transfer receipt');
    await c.photo(await pngBytes(), { mime: 'image/png' });
    expect(c.said).toContain(t('en', 'errors.PROOF_LIMIT_BOOKING'));
    expect(c.step).toBe('menu');
    expect(await fileCount()).toBe(filesBefore);
  });

  it(`after ${MAX_PROOFS_PER_CUSTOMER_DAY} proofs from a customer on one day, the next is for tomorrow`, async () => {
    const c = chat(testRuntime(database.db), '5102');
    await registerViaChat(c, 'Dodi', '+6281277005102');
    const customerId = c.last.session.customerId!;
    // The day's proofs so far, on five other bookings of the same customer (11 December, 09–13).
    const data = await pngBytes();
    const [portrait] = await database.db.select().from(products).where(eq(products.code, 'STD-01'));
    for (let h = 9; h <= 13; h += 1) {
      const { reservation } = await createReservation(database.db, {
        customerId,
        productId: portrait!.id,
        startAt: zonedTimeToInstant(
          { year: 2026, month: 12, day: 11 },
          `${String(h).padStart(2, '0')}:00`,
          'Asia/Jakarta',
        ),
        now: FIXED_NOW,
      });
      for (let i = 0; i < MAX_PROOFS_PER_CUSTOMER_DAY / 5; i += 1) {
        await submitProof(database.db, { reservationId: reservation.id, customerId, data, now: FIXED_NOW });
      }
    }
    const reservationId = await book(c, '10.00');
    const filesBefore = await fileCount();
    await c.photo(await pngBytes(), { mime: 'image/png' });
    expect(c.said).toContain(t('id', 'errors.PROOF_LIMIT_DAY'));
    expect(c.said).toContain('besok');
    expect(c.step).toBe('menu');
    expect(await proofsOf(reservationId)).toBe(0);
    expect(await fileCount()).toBe(filesBefore);
  });
});
