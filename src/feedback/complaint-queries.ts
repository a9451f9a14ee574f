import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import {
  complaintMessages,
  complaintStatuses,
  complaints,
  customers,
  reservations,
  staffUsers,
} from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { afterCursor, cursorKey, cursorOrder, cutPage, decodeCursor } from '../paging.ts';
import { parseInput } from '../validation.ts';
import { pageLimit } from './paging.ts';
import type { Complaint, ComplaintListRow, ComplaintStatus, ComplaintThread, Page } from './types.ts';

/** The whole ticket: who, about which booking, and every message oldest first. */
export async function getComplaintThread(db: DbOrTx, id: number): Promise<ComplaintThread> {
  const [head] = await db
    .select({
      complaint: complaints,
      customer: {
        id: customers.id,
        code: customers.code,
        name: customers.name,
        phone: customers.phone,
        locale: customers.locale,
      },
      reservation: { id: reservations.id, code: reservations.code, startAt: reservations.startAt },
    })
    .from(complaints)
    .innerJoin(customers, eq(customers.id, complaints.customerId))
    .leftJoin(reservations, eq(reservations.id, complaints.reservationId))
    .where(eq(complaints.id, id));
  if (!head) throw new AppError('COMPLAINT_NOT_FOUND');
  const rows = await db
    .select({ message: complaintMessages, staffName: staffUsers.name })
    .from(complaintMessages)
    .leftJoin(staffUsers, eq(staffUsers.id, complaintMessages.staffId))
    .where(eq(complaintMessages.complaintId, id))
    .orderBy(asc(complaintMessages.createdAt), asc(complaintMessages.id));
  return {
    complaint: head.complaint,
    customer: head.customer,
    reservation: head.reservation,
    messages: rows.map((r) => ({ ...r.message, staffName: r.staffName })),
  };
}

const listSchema = z.object({
  status: z.enum(complaintStatuses).optional(),
  cursor: z.string().min(1).nullish(),
  limit: z.number().optional(),
});
export type ListComplaintsInput = { status?: ComplaintStatus; cursor?: string | null; limit?: number };

/** The staff inbox: most recently active first, keyset-paged on (updated_at, id) so deep pages stay fast. */
export async function listComplaints(
  db: DbOrTx,
  input: ListComplaintsInput = {},
): Promise<Page<ComplaintListRow>> {
  const data = parseInput(listSchema, input);
  const limit = pageLimit(data.limit);
  const conditions: SQL[] = [];
  if (data.status) conditions.push(eq(complaints.status, data.status));
  if (data.cursor) {
    conditions.push(afterCursor(complaints.updatedAt, complaints.id, decodeCursor(data.cursor), 'desc'));
  }
  const lastMessage = sql`(select m.created_at, m.author from ${complaintMessages} m
    where m.complaint_id = ${complaints.id} order by m.created_at desc, m.id desc limit 1)`;
  const rows = await db
    .select({
      id: complaints.id,
      code: complaints.code,
      subject: complaints.subject,
      kind: complaints.kind,
      status: complaints.status,
      customerId: complaints.customerId,
      customerCode: customers.code,
      customerName: customers.name,
      reservationId: complaints.reservationId,
      messageCount: sql<number>`(select count(*)::int from ${complaintMessages} m where m.complaint_id = ${complaints.id})`,
      lastMessageAt: sql<Date | null>`(select created_at from ${lastMessage} lm)`.mapWith(
        complaintMessages.createdAt,
      ),
      lastAuthor: sql<'customer' | 'staff' | null>`(select author from ${lastMessage} lm)`,
      firstReplyAt: complaints.firstReplyAt,
      closedAt: complaints.closedAt,
      createdAt: complaints.createdAt,
      updatedAt: complaints.updatedAt,
      sortKey: cursorKey(complaints.updatedAt),
    })
    .from(complaints)
    .innerJoin(customers, eq(customers.id, complaints.customerId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...cursorOrder(complaints.updatedAt, complaints.id, 'desc'))
    .limit(limit + 1);
  const page = cutPage(rows, limit, (row) => ({ key: row.sortKey, id: row.id }));
  return {
    rows: page.rows.map(({ sortKey: _sortKey, ...row }) => row),
    nextCursor: page.nextCursor ?? null,
  };
}

/** A customer's own tickets, newest first (for "Keluhan saya" in chat). */
export async function listCustomerComplaints(db: DbOrTx, customerId: number): Promise<Complaint[]> {
  return db
    .select()
    .from(complaints)
    .where(eq(complaints.customerId, customerId))
    .orderBy(desc(complaints.createdAt), desc(complaints.id));
}
