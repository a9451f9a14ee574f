import { and, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { customers, products, ratings, reservationItems, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { decodeIdCursor } from '../paging.ts';
import { parseInput } from '../validation.ts';
import { pageLimit } from './paging.ts';
import type { Page, RateableItem, Rating, RatingRow } from './types.ts';

const id = z.number().int().positive();
/** 1000 characters: a review, not an essay; chat bubbles get unwieldy beyond that. */
const comment = z.string().trim().max(1000);

/**
 * The packages of the customer's completed bookings that have no rating yet, latest session first. Add-ons
 * (a make-up artist, prints) are not sessions: the chat asks "how was your session", so only packages.
 */
export async function listRateableItems(db: DbOrTx, customerId: number): Promise<RateableItem[]> {
  return db
    .select({
      reservationItemId: reservationItems.id,
      reservationId: reservations.id,
      reservationCode: reservations.code,
      productId: reservationItems.productId,
      kind: reservationItems.kind,
      name: reservationItems.name,
      startAt: reservations.startAt,
    })
    .from(reservationItems)
    .innerJoin(reservations, eq(reservations.id, reservationItems.reservationId))
    .leftJoin(ratings, eq(ratings.reservationItemId, reservationItems.id))
    .where(
      and(
        eq(reservations.customerId, customerId),
        eq(reservations.status, 'completed'),
        eq(reservationItems.kind, 'package'),
        isNull(ratings.id),
      ),
    )
    .orderBy(desc(reservations.startAt), reservationItems.id);
}

const rateSchema = z.object({
  customerId: id,
  reservationItemId: id,
  stars: z.number().int().min(1).max(5),
  comment: comment.nullish(),
  now: z.date().optional(),
});
export type RateItemInput = z.input<typeof rateSchema>;

/**
 * One rating per booked package, only by its owner, only after the session is completed. The unique index on
 * reservation_item_id decides races: of two simultaneous ratings one is stored, the other gets RATING_DUPLICATE.
 */
export async function rateItem(db: DbOrTx, input: RateItemInput): Promise<Rating> {
  const data = parseInput(rateSchema, input);
  const [item] = await db
    .select({
      reservationId: reservations.id,
      customerId: reservations.customerId,
      status: reservations.status,
      productId: reservationItems.productId,
      kind: reservationItems.kind,
    })
    .from(reservationItems)
    .innerJoin(reservations, eq(reservations.id, reservationItems.reservationId))
    .where(eq(reservationItems.id, data.reservationItemId));
  if (!item || item.customerId !== data.customerId || item.status !== 'completed' || item.kind !== 'package') {
    throw new AppError('RATING_NOT_ALLOWED');
  }
  const [rating] = await db
    .insert(ratings)
    .values({
      reservationItemId: data.reservationItemId,
      reservationId: item.reservationId,
      customerId: data.customerId,
      productId: item.productId,
      stars: data.stars,
      comment: data.comment || null,
      ...(data.now ? { createdAt: data.now } : {}),
    })
    .onConflictDoNothing({ target: ratings.reservationItemId })
    .returning();
  if (!rating) throw new AppError('RATING_DUPLICATE');
  return rating;
}

const commentSchema = z.object({ customerId: id, ratingId: id, comment });
export type SetRatingCommentInput = z.input<typeof commentSchema>;

/** The chat asks for stars first and a comment after; this adds (or replaces) the comment. Empty clears it. */
export async function setRatingComment(db: DbOrTx, input: SetRatingCommentInput): Promise<Rating> {
  const data = parseInput(commentSchema, input);
  const [rating] = await db
    .update(ratings)
    .set({ comment: data.comment || null })
    .where(and(eq(ratings.id, data.ratingId), eq(ratings.customerId, data.customerId)))
    .returning();
  if (!rating) throw new AppError('NOT_FOUND', 'rating not found');
  return rating;
}

const listSchema = z.object({
  productId: id.optional(),
  customerId: id.optional(),
  /** nextCursor of the previous page; anything else is CURSOR_INVALID. */
  cursor: z.string().nullish(),
  limit: z.number().optional(),
});
export type ListRatingsInput = z.input<typeof listSchema>;

/** Newest first, keyset on id (ids rise with time), with the names staff need to read a rating. */
export async function listRatings(db: DbOrTx, input: ListRatingsInput = {}): Promise<Page<RatingRow>> {
  const data = parseInput(listSchema, input);
  const limit = pageLimit(data.limit);
  const conditions: SQL[] = [];
  if (data.productId) conditions.push(eq(ratings.productId, data.productId));
  if (data.customerId) conditions.push(eq(ratings.customerId, data.customerId));
  if (data.cursor) conditions.push(lt(ratings.id, decodeIdCursor(data.cursor)));
  const rows = await db
    .select({
      rating: ratings,
      productName: products.name,
      customerName: customers.name,
      customerCode: customers.code,
      reservationCode: reservations.code,
    })
    .from(ratings)
    .innerJoin(products, eq(products.id, ratings.productId))
    .innerJoin(customers, eq(customers.id, ratings.customerId))
    .innerJoin(reservations, eq(reservations.id, ratings.reservationId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(ratings.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map(({ rating, ...names }) => ({ ...rating, ...names }));
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? String(last.id) : null };
}
