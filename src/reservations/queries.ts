import { and, asc, desc, eq, gt, gte, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
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
import { escapeLike, phoneDigits } from '../customers/search.ts';
import { AppError } from '../errors.ts';
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
  /** Reservation code, customer name, code or phone. */
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
  if (args.status) conditions.push(inArray(reservations.status, [args.status].flat()));
  if (args.from) conditions.push(gte(reservations.startAt, args.from));
  if (args.to) conditions.push(lt(reservations.startAt, args.to));
  if (args.search) {
    const like = `%${escapeLike(args.search)}%`;
    const digits = phoneDigits(args.search);
    conditions.push(
      or(
        ilike(reservations.code, like),
        ilike(customers.name, like),
        ilike(customers.code, like),
        ...(digits ? [sql`${customers.phone} like ${`%${digits}%`}`] : []),
      )!,
    );
  }
  const after = decodeCursor(args.cursor);
  if (after) {
    const cmp = args.order === 'asc' ? gt : lt;
    conditions.push(
      or(
        cmp(reservations.startAt, after.startAt),
        and(eq(reservations.startAt, after.startAt), cmp(reservations.id, after.id)),
      )!,
    );
  }
  const dir = args.order === 'asc' ? asc : desc;
  const rows = await db
    .select(listColumns)
    .from(reservations)
    .innerJoin(customers, eq(customers.id, reservations.customerId))
    .where(and(...conditions))
    .orderBy(dir(reservations.startAt), dir(reservations.id))
    .limit(args.limit + 1);
  const page = rows.slice(0, args.limit).map(toRow);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > args.limit && last ? encodeCursor(last) : undefined };
}

function encodeCursor(row: Reservation): string {
  return Buffer.from(`${row.startAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { startAt: Date; id: number } | undefined {
  if (!cursor) return undefined;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const startAt = new Date(iso ?? '');
  if (Number.isNaN(startAt.getTime()) || !Number.isInteger(Number(id))) {
    throw new AppError('VALIDATION', 'bad cursor', {
      fields: [{ field: 'cursor', message: 'not a cursor from this list' }],
    });
  }
  return { startAt, id: Number(id) };
}

export { receiptFor } from './receipt.ts';
