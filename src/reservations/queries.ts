import { and, asc, desc, eq, gte, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import {
  customers,
  files,
  paymentProofs,
  reservationItems,
  reservationStatuses,
  reservations,
} from '../../db/schema/index.ts';
import { customerMatch } from '../customers/search.ts';
import { AppError } from '../errors.ts';
import { afterCursor, cursorKey, cursorOrder, cutPage, decodeCursor } from '../paging.ts';
import { parseInput } from '../validation.ts';
import type { Reservation, ReservationDetail, ReservationListRow, ReservationPage } from './types.ts';

export async function getReservation(db: DbOrTx, id: number): Promise<Reservation | undefined> {
  const [row] = await db.select().from(reservations).where(eq(reservations.id, id));
  return row;
}

/** By the code customers see (R-2026-000123); case and surrounding spaces do not matter. */
export async function getReservationByCode(db: DbOrTx, code: string): Promise<Reservation | undefined> {
  const [row] = await db.select().from(reservations).where(eq(reservations.code, code.trim().toUpperCase()));
  return row;
}

/** Everything the staff page shows about one booking; RESERVATION_NOT_FOUND when there is none. */
export async function getReservationDetail(db: DbOrTx, id: number): Promise<ReservationDetail> {
  // Independent reads issued together go out in one socket write (postgres.js pipelines them).
  const [[found], items, proofs] = await Promise.all([
    db
      .select({
        reservation: reservations,
        customer: {
          id: customers.id,
          code: customers.code,
          name: customers.name,
          phone: customers.phone,
          membership: customers.membership,
        },
      })
      .from(reservations)
      .innerJoin(customers, eq(customers.id, reservations.customerId))
      .where(eq(reservations.id, id)),
    db
      .select()
      .from(reservationItems)
      .where(eq(reservationItems.reservationId, id))
      .orderBy(asc(reservationItems.id)),
    db
      .select({
        id: paymentProofs.id,
        fileId: paymentProofs.fileId,
        mime: files.mime,
        size: files.size,
        createdAt: paymentProofs.createdAt,
      })
      .from(paymentProofs)
      .innerJoin(files, eq(files.id, paymentProofs.fileId))
      .where(eq(paymentProofs.reservationId, id))
      .orderBy(asc(paymentProofs.createdAt), asc(paymentProofs.id)),
  ]);
  if (!found) throw new AppError('RESERVATION_NOT_FOUND', `reservation ${id}`);
  return { reservation: found.reservation, items, customer: found.customer, proofs };
}

/** The package's frozen name: the first package line of the booking. */
const packageName = sql<string>`coalesce((
  select ${reservationItems.name} from ${reservationItems}
  where ${reservationItems.reservationId} = ${reservations.id} and ${reservationItems.kind} = 'package'
  order by ${reservationItems.id} limit 1), '')`;

const listColumns = {
  reservation: reservations,
  packageName,
  customerName: customers.name,
  customerCode: customers.code,
  customerPhone: customers.phone,
};

function toRow(r: {
  reservation: Reservation;
  packageName: string;
  customerName: string;
  customerCode: string;
  customerPhone: string | null;
}): ReservationListRow {
  return {
    ...r.reservation,
    packageName: r.packageName,
    customerName: r.customerName,
    customerCode: r.customerCode,
    customerPhone: r.customerPhone,
  };
}

/** A customer's bookings, latest session first. */
export async function listCustomerReservations(
  db: DbOrTx,
  customerId: number,
): Promise<ReservationListRow[]> {
  const rows = await db
    .select(listColumns)
    .from(reservations)
    .innerJoin(customers, eq(customers.id, reservations.customerId))
    .where(eq(reservations.customerId, customerId))
    .orderBy(desc(reservations.startAt), desc(reservations.id));
  return rows.map(toRow);
}

const listInput = z.object({
  status: z.union([z.enum(reservationStatuses), z.array(z.enum(reservationStatuses))]).optional(),
  /** Sessions starting at or after this instant. */
  from: z.date().optional(),
  /** Sessions starting before this instant. */
  to: z.date().optional(),
  /** A booking code (R-2026-000123), or the customer as the customer list finds them (customerMatch). */
  search: z.string().trim().max(100).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** 'asc' for an upcoming-sessions view; 'desc' (default) for the newest sessions first. */
  order: z.enum(['asc', 'desc']).default('desc'),
});

export type ListReservationsInput = z.input<typeof listInput>;

/** Staff's list, filtered and paged by (startAt, id) keyset, so deep pages stay fast. */
export async function listReservations(
  db: DbOrTx,
  input: ListReservationsInput = {},
): Promise<ReservationPage> {
  const args = parseInput(listInput, input);
  const conditions: SQL[] = [];
  if (args.search) conditions.push(searchCondition(db, args.search));
  if (args.status) conditions.push(inArray(reservations.status, [args.status].flat()));
  if (args.from) conditions.push(gte(reservations.startAt, args.from));
  if (args.to) conditions.push(lt(reservations.startAt, args.to));
  if (args.cursor) {
    conditions.push(
      afterCursor(reservations.startAt, reservations.id, decodeCursor(args.cursor), args.order),
    );
  }
  const rows = await db
    .select({ ...listColumns, sortKey: cursorKey(reservations.startAt) })
    .from(reservations)
    .innerJoin(customers, eq(customers.id, reservations.customerId))
    .where(and(...conditions))
    .orderBy(...cursorOrder(reservations.startAt, reservations.id, args.order))
    .limit(args.limit + 1);
  const page = cutPage(rows, args.limit, (r) => ({ key: r.sortKey, id: r.reservation.id }));
  return { rows: page.rows.map(toRow), nextCursor: page.nextCursor };
}

/**
 * Which bookings a search names, kept fast on 500,000 bookings (bench/admin). An OR of the booking code
 * with the customer's name and phone across the join is served by no index, so a rare match walks the
 * whole table (0.4–0.7 s there). Instead a booking code is looked up by its unique index, and anything
 * else narrows the customers first (customer_id IN a trigram-indexed subquery): Postgres then reads a
 * few customers' bookings by reservations_customer_idx, or, for a common name, walks start_at and keeps
 * the dense matches; both stop at one keyset page.
 */
function searchCondition(db: DbOrTx, query: string): SQL {
  const code = /^r-?(\d{4})-?(\d{1,9})$/i.exec(query);
  if (code) return eq(reservations.code, `R-${code[1]}-${code[2]!.padStart(6, '0')}`);
  return inArray(
    reservations.customerId,
    db
      .select({ id: customers.id })
      .from(customers)
      .where(and(customerMatch(query), isNull(customers.anonymizedAt))),
  );
}
