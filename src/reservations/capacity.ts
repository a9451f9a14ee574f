import { and, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { activeReservationStatuses, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { LocalDate } from '../time.ts';
import type { GridSlot, ResolvedSlot } from './schedule.ts';

export interface Busy {
  startAt: Date;
  endAt: Date;
}

/** Sessions that hold capacity (pending, awaiting confirmation, confirmed) overlapping [from, to). */
export async function busyBetween(db: DbOrTx, from: Date, to: Date, excludeId?: number): Promise<Busy[]> {
  const conditions = [
    inArray(reservations.status, [...activeReservationStatuses]),
    lt(reservations.startAt, to),
    gt(reservations.endAt, from),
  ];
  if (excludeId !== undefined) conditions.push(ne(reservations.id, excludeId));
  return db
    .select({ startAt: reservations.startAt, endAt: reservations.endAt })
    .from(reservations)
    .where(and(...conditions));
}

function load(busy: Busy[], slot: GridSlot): number {
  const start = slot.startAt.getTime();
  const end = slot.endAt.getTime();
  return busy.filter((b) => b.startAt.getTime() < end && b.endAt.getTime() > start).length;
}

/** Bookings still possible for a session covering these slots: capacity minus the busiest of them. */
export function freeFor(busy: Busy[], covered: readonly GridSlot[], capacity: number): number {
  const busiest = Math.max(0, ...covered.map((slot) => load(busy, slot)));
  return Math.max(0, capacity - busiest);
}

/** Arbitrary first key of the two-int advisory lock, so the day locks share no key with other locks. */
const DAY_LOCK_NAMESPACE = 7_310_001;

/**
 * Serialises every booking and reschedule onto one local day until the transaction ends, so the
 * capacity check and the write that follows it cannot interleave with another's. Sessions never
 * cross midnight (they end by closing time), so a day is the whole conflict domain.
 */
async function lockDay(tx: DbOrTx, date: LocalDate): Promise<void> {
  const key = date.year * 10_000 + date.month * 100 + date.day;
  await tx.execute(sql`select pg_advisory_xact_lock(${DAY_LOCK_NAMESPACE}::int, ${key}::int)`);
}

/**
 * Locks the slot's day and checks that one more session fits in every slot it covers (SLOT_FULL),
 * not counting `excludeId` (a booking being moved). The room stays held until the transaction ends,
 * so the caller's insert or update that follows is the only one to take it.
 */
export async function lockRoom(
  tx: DbOrTx,
  slot: ResolvedSlot,
  capacity: number,
  excludeId?: number,
): Promise<void> {
  await lockDay(tx, slot.date);
  const busy = await busyBetween(tx, slot.covered[0]!.startAt, slot.covered.at(-1)!.endAt, excludeId);
  if (freeFor(busy, slot.covered, capacity) < 1) {
    throw new AppError('SLOT_FULL', `no room at ${slot.isoDate} ${slot.covered[0]!.time}`);
  }
}
