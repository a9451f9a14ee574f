import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  customers,
  type ReservationStatus,
  reservationItems,
  reservations,
} from '../../../db/schema/index.ts';
import { AppError } from '../../../src/errors.ts';
import type { ReservationListRow, ReservationPage } from '../../../src/reservations/types.ts';

export interface ReservationFilters {
  status?: ReservationStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Which customers a search names: by code, by name fragment (trigram index), or by phone digits as typed (0812… → 62812…). */
function customerMatch(query: string): SQL {
  const code = /^c-?(\d{1,9})$/i.exec(query);
  if (code) return eq(customers.code, `C-${code[1]!.padStart(6, '0')}`);
  const options: SQL[] = [sql`lower(${customers.name}) like ${`%${escapeLike(query.toLowerCase())}%`}`];
  if (/^\+?[\d\s().-]+$/.test(query)) {
    const digits = query.replace(/\D/g, '');
    if (digits.length >= 4)
      options.push(
        sql`${customers.phone} like ${`%${digits.startsWith('0') ? `62${digits.slice(1)}` : digits}%`}`,
      );
  }
  return or(...options)!;
}

const packageName = sql<string>`coalesce((
  select ${reservationItems.name} from ${reservationItems}
  where ${reservationItems.reservationId} = ${reservations.id} and ${reservationItems.kind} = 'package'
  order by ${reservationItems.id} limit 1), '')`;

function encodeCursor(row: { startAt: Date; id: number }): string {
  return Buffer.from(`${row.startAt.toISOString()}|${row.id}`).toString('base64url');
}

/** The same cursor format as listReservations, refused the same way: a tampered link is a 400, not page one. */
function decodeCursor(cursor: string | undefined): { startAt: Date; id: number } | undefined {
  if (!cursor) return undefined;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const startAt = new Date(iso ?? '');
  if (Number.isNaN(startAt.getTime()) || !/^\d+$/.test(id ?? '')) {
    throw new AppError('VALIDATION', 'bad cursor', {
      fields: [{ field: 'cursor', message: 'not a cursor from this list' }],
    });
  }
  return { startAt, id: Number(id) };
}

/**
 * The front desk's search box, kept fast on 500,000 bookings (bench/admin). listReservations ORs the
 * booking code with the customer's name and phone across the join, which no index serves, so a rare
 * match walks the whole table (0.4–0.7 s there). Here a booking code is looked up by its unique index,
 * and anything else narrows the customers first (customer_id IN a trigram-indexed subquery): Postgres
 * then reads a few customers' bookings by reservations_customer_idx, or, for a common name, walks
 * start_at and keeps the dense matches; both stop at one keyset page.
 */
export async function searchReservations(
  db: Db,
  query: string,
  filters: ReservationFilters,
  page: { cursor?: string | undefined; limit: number; order: 'asc' | 'desc' },
): Promise<ReservationPage> {
  const q = query.trim();
  const code = /^r-?(\d{4})-?(\d{1,9})$/i.exec(q);
  const conditions: SQL[] = [
    code
      ? eq(reservations.code, `R-${code[1]}-${code[2]!.padStart(6, '0')}`)
      : inArray(
          reservations.customerId,
          db
            .select({ id: customers.id })
            .from(customers)
            .where(and(customerMatch(q), isNull(customers.anonymizedAt))),
        ),
  ];
  if (filters.status) conditions.push(eq(reservations.status, filters.status));
  if (filters.from) conditions.push(gte(reservations.startAt, filters.from));
  if (filters.to) conditions.push(lt(reservations.startAt, filters.to));
  const after = decodeCursor(page.cursor);
  const cmp = page.order === 'asc' ? gt : lt;
  if (after) {
    conditions.push(
      or(
        cmp(reservations.startAt, after.startAt),
        and(eq(reservations.startAt, after.startAt), cmp(reservations.id, after.id)),
      )!,
    );
  }
  const dir = page.order === 'asc' ? asc : desc;
  const rows = await db
    .select({
      reservation: reservations,
      packageName,
      customerName: customers.name,
      customerCode: customers.code,
      customerPhone: customers.phone,
    })
    .from(reservations)
    .innerJoin(customers, eq(customers.id, reservations.customerId))
    .where(and(...conditions))
    .orderBy(dir(reservations.startAt), dir(reservations.id))
    .limit(page.limit + 1);
  const list: ReservationListRow[] = rows
    .slice(0, page.limit)
    .map(({ reservation, ...names }) => ({ ...reservation, ...names }));
  const last = list.at(-1);
  return { rows: list, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : undefined };
}
