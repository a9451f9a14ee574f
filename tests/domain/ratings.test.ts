import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { listRateableItems, listRatings, rateItem, setRatingComment } from '../../src/feedback/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import {
  countRows,
  newCustomer,
  newReservation,
  productByCode,
  studioDatabase,
  wib,
} from './feedback-fixtures.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await studioDatabase();
});
afterAll(() => database.drop());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe('ratings', () => {
  it('offers the unrated packages of completed bookings only (no add-on), and rates each once', async () => {
    const customerId = await newCustomer(database.db);
    const done = await newReservation(database.db, {
      customerId,
      status: 'completed',
      startAt: wib('2026-11-10', '10:00'),
      items: ['WIS-01', 'ADD-MUA'],
    });
    await newReservation(database.db, {
      customerId,
      status: 'confirmed',
      startAt: wib('2026-12-10', '10:00'),
      items: ['KEL-01'],
    });
    const rateable = await listRateableItems(database.db, customerId);
    // The make-up artist booked with the session is not a session to rate.
    expect(rateable.map((r) => r.reservationItemId)).toEqual([done.itemIds[0]]);
    expect(
      await codeOf(rateItem(database.db, { customerId, reservationItemId: done.itemIds[1]!, stars: 5 })),
    ).toBe('RATING_NOT_ALLOWED');
    expect(rateable[0]).toMatchObject({
      reservationCode: done.code,
      kind: 'package',
      name: 'Wisuda Personal',
    });

    const rating = await rateItem(database.db, { customerId, reservationItemId: done.itemIds[0]!, stars: 5 });
    expect(rating).toMatchObject({
      stars: 5,
      comment: null,
      productId: (await productByCode(database.db, 'WIS-01')).id,
    });
    expect(await listRateableItems(database.db, customerId)).toEqual([]);

    expect(
      await codeOf(rateItem(database.db, { customerId, reservationItemId: done.itemIds[0]!, stars: 1 })),
    ).toBe('RATING_DUPLICATE');
  });

  it('refuses lines of bookings that are not completed, and lines of other customers', async () => {
    const customerId = await newCustomer(database.db);
    const other = await newCustomer(database.db);
    const before = await countRows(database.db, 'ratings');
    for (const status of [
      'pending_payment',
      'awaiting_confirmation',
      'confirmed',
      'cancelled',
      'expired',
    ] as const) {
      const booking = await newReservation(database.db, {
        customerId,
        status,
        startAt: wib('2026-11-11', '10:00'),
        items: ['STD-01'],
      });
      expect(
        await codeOf(rateItem(database.db, { customerId, reservationItemId: booking.itemIds[0]!, stars: 4 })),
      ).toBe('RATING_NOT_ALLOWED');
    }
    const theirs = await newReservation(database.db, {
      customerId: other,
      status: 'completed',
      startAt: wib('2026-11-11', '11:00'),
      items: ['STD-01'],
    });
    expect(
      await codeOf(rateItem(database.db, { customerId, reservationItemId: theirs.itemIds[0]!, stars: 4 })),
    ).toBe('RATING_NOT_ALLOWED');
    expect(await codeOf(rateItem(database.db, { customerId, reservationItemId: 999_999, stars: 4 }))).toBe(
      'RATING_NOT_ALLOWED',
    );
    expect(await countRows(database.db, 'ratings')).toBe(before);
  });

  it('answers stars outside 1–5 with a field message, and writes nothing', async () => {
    const customerId = await newCustomer(database.db);
    const booking = await newReservation(database.db, {
      customerId,
      status: 'completed',
      startAt: wib('2026-11-12', '10:00'),
      items: ['STD-01'],
    });
    for (const stars of [0, 6, 3.5]) {
      const error = await rateItem(database.db, {
        customerId,
        reservationItemId: booking.itemIds[0]!,
        stars,
      }).catch((e: unknown) => e as AppError);
      expect(error).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'stars' }] });
    }
    expect(await listRateableItems(database.db, customerId)).toHaveLength(1);
  });

  it('stores exactly one of many simultaneous ratings of the same line', async () => {
    const customerId = await newCustomer(database.db);
    const booking = await newReservation(database.db, {
      customerId,
      status: 'completed',
      startAt: wib('2026-11-13', '10:00'),
      items: ['STD-02'],
    });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        rateItem(database.db, { customerId, reservationItemId: booking.itemIds[0]!, stars: (i % 5) + 1 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).code] : []));
    expect(failures).toEqual(Array(7).fill('RATING_DUPLICATE'));
  });

  it('adds a comment afterwards, only to the customer’s own rating', async () => {
    const customerId = await newCustomer(database.db);
    const stranger = await newCustomer(database.db);
    const booking = await newReservation(database.db, {
      customerId,
      status: 'completed',
      startAt: wib('2026-11-14', '10:00'),
      items: ['KEL-01'],
    });
    const rating = await rateItem(database.db, {
      customerId,
      reservationItemId: booking.itemIds[0]!,
      stars: 4,
    });
    const commented = await setRatingComment(database.db, {
      customerId,
      ratingId: rating.id,
      comment: '  Fotografernya ramah!  ',
    });
    expect(commented.comment).toBe('Fotografernya ramah!');
    expect(
      await codeOf(
        setRatingComment(database.db, { customerId: stranger, ratingId: rating.id, comment: 'jelek' }),
      ),
    ).toBe('NOT_FOUND');
    const tooLong = await setRatingComment(database.db, {
      customerId,
      ratingId: rating.id,
      comment: 'x'.repeat(1001),
    }).catch((e: unknown) => e as AppError);
    expect(tooLong).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'comment' }] });
  });

  it('lists ratings newest first, by product, page by page', async () => {
    const customerId = await newCustomer(database.db, { name: 'Sari Rating' });
    const product = await productByCode(database.db, 'PRO-01');
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const booking = await newReservation(database.db, {
        customerId,
        status: 'completed',
        startAt: wib('2026-11-15', `1${i}:00`),
        items: ['PRO-01'],
      });
      ids.push(
        (await rateItem(database.db, { customerId, reservationItemId: booking.itemIds[0]!, stars: 3 + i }))
          .id,
      );
    }
    const first = await listRatings(database.db, { productId: product.id, limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.rows[0]).toMatchObject({
      productName: 'Foto Produk UMKM',
      customerName: 'Sari Rating',
      stars: 5,
    });
    const second = await listRatings(database.db, {
      productId: product.id,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.rows.map((r) => r.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a page link it did not write, including an id too large for the database', async () => {
    // Beyond a Postgres integer (it failed in the database as a server error); a leading zero; not an id.
    for (const cursor of ['2147483648', '99999999999999999999', '012', '0', 'abc']) {
      expect(await codeOf(listRatings(database.db, { cursor })), cursor).toBe('CURSOR_INVALID');
    }
    expect((await listRatings(database.db, { cursor: '2147483647' })).rows.length).toBeGreaterThan(0);
  });
});
