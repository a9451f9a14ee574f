import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { files } from '../../db/schema/index.ts';
import { MAX_IMAGE_BYTES } from '../../src/files/store.ts';
import {
  cancelReservation,
  confirmReservation,
  getReservation,
  getReservationDetail,
  createReservation,
  MAX_PROOFS_PER_BOOKING,
  MAX_PROOFS_PER_CUSTOMER_DAY,
  submitProof,
} from '../../src/reservations/index.ts';
import { t } from '../../src/i18n/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { countRows, NOW, newCustomer, newHold, photo, portraitStudio, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let portrait: number;
let staffId: number;
let held = 0;

beforeAll(async () => {
  ({ database, db, portrait, staffId } = await portraitStudio());
});
afterAll(async () => {
  await database?.drop();
});

/** Days for hold(): 3 December is the day-cap test's. */
const holdDays = ['2026-12-02', '2026-12-04', '2026-12-05'];

async function hold(): Promise<{ reservationId: number; customerId: number }> {
  // A fresh slot per booking: hours 09–17 on each of holdDays, capacity 2 is plenty.
  const day = holdDays[Math.floor(held / 9)]!;
  const startAt = wib(day, `${String(9 + (held++ % 9)).padStart(2, '0')}:00`);
  const { reservation, customerId } = await newHold(db, { productId: portrait, startAt });
  return { reservationId: reservation.id, customerId };
}

const later = new Date(NOW.getTime() + 30 * 60_000);

describe('submitProof', () => {
  it('stores a PNG receipt and moves the booking to awaiting_confirmation', async () => {
    const { reservationId, customerId } = await hold();
    const data = await photo('png');
    const { reservation, proof } = await submitProof(db, {
      reservationId,
      customerId,
      data,
      originalName: 'bukti.png',
      now: later,
    });
    expect(reservation).toMatchObject({ status: 'awaiting_confirmation', proofSubmittedAt: later });
    const [file] = await db.select().from(files).where(eq(files.id, proof.fileId));
    expect(file).toMatchObject({
      purpose: 'proof',
      mime: 'image/png',
      width: 40,
      height: 30,
      size: file!.data.byteLength,
      originalName: 'bukti.png',
    });
    // Re-encoded, the same picture: the stored PNG decodes to the pixels that were sent.
    const [sent, kept] = await Promise.all([
      sharp(data).raw().toBuffer(),
      sharp(file!.data).raw().toBuffer(),
    ]);
    expect(Buffer.compare(kept, sent)).toBe(0);
  });

  it('keeps a JPEG without the bytes appended after its end', async () => {
    const { reservationId, customerId } = await hold();
    const image = await photo('jpeg');
    // 4 MB after the JPEG's end marker: a viewer shows the photo, the file carries anything.
    const smuggled = Buffer.concat([image, Buffer.from('ZIP-PAYLOAD-'.repeat(350_000))]);
    const { proof } = await submitProof(db, { reservationId, customerId, data: smuggled, now: later });
    const [file] = await db.select().from(files).where(eq(files.id, proof.fileId));
    expect(file!.data.includes('ZIP-PAYLOAD-')).toBe(false);
    expect(file!.size).toBeLessThan(10_000);
    expect(await sharp(file!.data).metadata()).toMatchObject({ format: 'jpeg', width: 40, height: 30 });
  });

  it('keeps no EXIF (GPS position, description), with the orientation applied to the pixels', async () => {
    const { reservationId, customerId } = await hold();
    const located = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#16a34a' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { ImageDescription: 'rumah-pelanggan' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '0/1 55/1 1234/100',
          GPSLongitudeRef: 'E',
          GPSLongitude: '104/1 27/1 0/1',
        },
      })
      .toBuffer();
    const sent = await sharp(located).metadata();
    // The photo as sent does carry them: the GPS IFD pointer (tag 0x8825) and the description.
    expect(sent.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    expect(located.includes('rumah-pelanggan')).toBe(true);
    const { proof } = await submitProof(db, { reservationId, customerId, data: located, now: later });
    const [file] = await db.select().from(files).where(eq(files.id, proof.fileId));
    const kept = await sharp(file!.data).metadata();
    expect(kept.exif).toBeUndefined();
    expect(kept.xmp).toBeUndefined();
    expect(file!.data.includes('rumah-pelanggan')).toBe(false);
    // Orientation 6 is "turn 90°": the stored pixels stand upright, 40 wide and 60 high, with no tag left.
    expect(kept).toMatchObject({ width: 40, height: 60 });
    expect(kept.orientation).toBeUndefined();
    expect(file).toMatchObject({ width: 40, height: 60 });
  });

  it('accepts JPEG and WebP, and a second proof while waiting keeps the first waiting time', async () => {
    const { reservationId, customerId } = await hold();
    await submitProof(db, { reservationId, customerId, data: await photo('jpeg'), now: later });
    const evenLater = new Date(later.getTime() + 60_000);
    const { reservation } = await submitProof(db, {
      reservationId,
      customerId,
      data: await photo('webp'),
      now: evenLater,
    });
    expect(reservation).toMatchObject({ status: 'awaiting_confirmation', proofSubmittedAt: later });
    const detail = await getReservationDetail(db, reservationId);
    expect(detail.proofs.map((p) => p.mime)).toEqual(['image/jpeg', 'image/webp']);
  });

  it.each([
    [
      'a PDF',
      () =>
        Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
      'bukti.pdf',
      'FILE_NOT_IMAGE',
    ],
    [
      'a text file named .jpg',
      () => Buffer.from('ini bukan foto, hanya tulisan'),
      'bukti.jpg',
      'FILE_NOT_IMAGE',
    ],
    ['an empty file', () => Buffer.alloc(0), 'bukti.png', 'FILE_NOT_IMAGE'],
    [
      'an image over 10 MB',
      async () => Buffer.concat([await photo('png'), Buffer.alloc(MAX_IMAGE_BYTES)]),
      'besar.png',
      'FILE_TOO_LARGE',
    ],
  ])('rejects %s and writes nothing', async (_label, make, originalName, code) => {
    const { reservationId, customerId } = await hold();
    const before = [await countRows(db, 'files'), await countRows(db, 'payment_proofs')];
    await expect(
      submitProof(db, { reservationId, customerId, data: await make(), originalName, now: later }),
    ).rejects.toMatchObject({ code });
    expect([await countRows(db, 'files'), await countRows(db, 'payment_proofs')]).toEqual(before);
    expect(await getReservation(db, reservationId)).toMatchObject({
      status: 'pending_payment',
      proofSubmittedAt: null,
    });
  });

  it('is refused once the booking no longer waits for payment', async () => {
    const confirmed = await hold();
    await confirmReservation(db, { reservationId: confirmed.reservationId, staffId, now: NOW });
    const cancelled = await hold();
    await cancelReservation(db, {
      reservationId: cancelled.reservationId,
      by: 'staff',
      staffId,
      reason: 'salah pesan',
      now: NOW,
    });
    const before = await countRows(db, 'files');
    for (const { reservationId, customerId } of [confirmed, cancelled]) {
      await expect(
        submitProof(db, { reservationId, customerId, data: await photo('png'), now: later }),
      ).rejects.toMatchObject({
        code: 'RESERVATION_NOT_PAYABLE',
      });
    }
    expect(await countRows(db, 'files')).toBe(before);
  });

  it('answers RESERVATION_NOT_FOUND for someone else’s or an unknown booking', async () => {
    const { reservationId } = await hold();
    const stranger = await newCustomer(db);
    const data = await photo('png');
    await expect(
      submitProof(db, { reservationId, customerId: stranger, data, now: later }),
    ).rejects.toMatchObject({
      code: 'RESERVATION_NOT_FOUND',
    });
    await expect(submitProof(db, { reservationId: 999_999, data, now: later })).rejects.toMatchObject({
      code: 'RESERVATION_NOT_FOUND',
    });
    expect(await getReservation(db, reservationId)).toMatchObject({ status: 'pending_payment' });
  });
});

describe('proof caps', () => {
  it(`takes ${MAX_PROOFS_PER_BOOKING} proofs for one booking, then PROOF_LIMIT_BOOKING and nothing stored`, async () => {
    const { reservationId, customerId } = await hold();
    const data = await photo('png');
    for (let i = 0; i < MAX_PROOFS_PER_BOOKING; i += 1) {
      await submitProof(db, { reservationId, customerId, data, now: later });
    }
    const before = [await countRows(db, 'files'), await countRows(db, 'payment_proofs')];
    await expect(submitProof(db, { reservationId, customerId, data, now: later })).rejects.toMatchObject({
      code: 'PROOF_LIMIT_BOOKING',
    });
    // A new day does not lift it: the booking has its proofs.
    await expect(
      submitProof(db, { reservationId, customerId, data, now: new Date(later.getTime() + 2 * 86_400_000) }),
    ).rejects.toMatchObject({ code: 'PROOF_LIMIT_BOOKING' });
    expect([await countRows(db, 'files'), await countRows(db, 'payment_proofs')]).toEqual(before);
    expect((await getReservationDetail(db, reservationId)).proofs).toHaveLength(MAX_PROOFS_PER_BOOKING);
  });

  it(`takes ${MAX_PROOFS_PER_CUSTOMER_DAY} proofs from one customer per studio day (WIB), over all bookings`, async () => {
    const customerId = await newCustomer(db);
    const bookings: number[] = [];
    // 3 December 2026, hours 09–13: enough bookings to reach the day's cap below each booking's cap.
    for (let h = 9; h <= 13; h += 1) {
      const { reservation } = await createReservation(db, {
        customerId,
        productId: portrait,
        startAt: wib('2026-12-03', `${String(h).padStart(2, '0')}:00`),
        now: NOW,
      });
      bookings.push(reservation.id);
    }
    const data = await photo('png');
    // 23:59 WIB on 1 December is still the studio's 1 December (16:59 UTC).
    const lateEvening = wib('2026-12-01', '23:59');
    let sent = 0;
    for (const reservationId of bookings) {
      for (
        let i = 0;
        i < MAX_PROOFS_PER_BOOKING - 1 && sent < MAX_PROOFS_PER_CUSTOMER_DAY;
        i += 1, sent += 1
      ) {
        await submitProof(db, { reservationId, customerId, data, now: lateEvening });
      }
    }
    expect(sent).toBe(MAX_PROOFS_PER_CUSTOMER_DAY);
    const spare = bookings.at(-1)!;
    const before = [await countRows(db, 'files'), await countRows(db, 'payment_proofs')];
    await expect(
      submitProof(db, { reservationId: spare, customerId, data, now: lateEvening }),
    ).rejects.toMatchObject({ code: 'PROOF_LIMIT_DAY' });
    expect([await countRows(db, 'files'), await countRows(db, 'payment_proofs')]).toEqual(before);
    // Two minutes later it is 2 December in Tanjungpinang (still 1 December in UTC): a new day.
    await submitProof(db, { reservationId: spare, customerId, data, now: wib('2026-12-02', '00:01') });
    expect(await countRows(db, 'payment_proofs')).toBe(before[1]! + 1);
  });

  it('the caps’ chat answers name the same numbers as the caps, Indonesian and English', () => {
    for (const locale of ['id', 'en'] as const) {
      expect(t(locale, 'errors.PROOF_LIMIT_BOOKING')).toContain(String(MAX_PROOFS_PER_BOOKING));
      expect(t(locale, 'errors.PROOF_LIMIT_DAY')).toContain(String(MAX_PROOFS_PER_CUSTOMER_DAY));
    }
  });
});
