import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { files } from '../../db/schema/index.ts';
import { MAX_IMAGE_BYTES } from '../../src/files/store.ts';
import {
  cancelReservation,
  confirmReservation,
  getReservation,
  getReservationDetail,
  submitProof,
} from '../../src/reservations/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { countRows, NOW, newCustomer, newHold, photo, portraitStudio, wib } from './reservations-fixtures.ts';

let database: TestDatabase;
let db: Db;
let portrait: number;
let staffId: number;
let hour = 9;

beforeAll(async () => {
  ({ database, db, portrait, staffId } = await portraitStudio());
});
afterAll(async () => {
  await database?.drop();
});

async function hold(): Promise<{ reservationId: number; customerId: number }> {
  // A fresh slot per booking: hours 09–17 on 2 Dec, capacity 2 is plenty.
  const startAt = wib('2026-12-02', `${String(hour++).padStart(2, '0')}:00`);
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
      size: data.byteLength,
      originalName: 'bukti.png',
    });
    expect(Buffer.compare(file!.data, data)).toBe(0);
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
