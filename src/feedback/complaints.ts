import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import {
  complaintKinds,
  complaintMessages,
  complaints,
  customers,
  files,
  reservations,
  staffUsers,
} from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { complaintTitle } from './complaint-title.ts';
import type { Complaint, ComplaintUpdate } from './types.ts';

const id = z.number().int().positive();
/** 4000 characters: a long, angry message fits; a pasted document does not. */
const body = z.string().trim().min(1, 'must not be empty').max(4000);

const openSchema = z.object({
  customerId: id,
  reservationId: id.nullish(),
  /** Left out, it is taken from the body (complaintTitle): the chat asks the customer for one message. */
  subject: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  /** 'question': a chat question the FAQ could not answer; the admin labels it in the staff's language. */
  kind: z.enum(complaintKinds).default('complaint'),
  body,
  fileId: id.nullish(),
  now: z.date().optional(),
});
export type OpenComplaintInput = z.input<typeof openSchema>;

/** Opens a ticket (code K-…) with the customer's first message, optionally about one of their bookings. */
export async function openComplaint(db: DbOrTx, input: OpenComplaintInput): Promise<Complaint> {
  const data = parseInput(openSchema, input);
  const now = data.now ?? new Date();
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.id, data.customerId));
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND');
    if (data.reservationId) {
      const [own] = await tx
        .select({ id: reservations.id })
        .from(reservations)
        .where(and(eq(reservations.id, data.reservationId), eq(reservations.customerId, data.customerId)));
      // Someone else's booking reads as missing: a customer must not learn other customers' codes exist.
      if (!own) throw new AppError('RESERVATION_NOT_FOUND');
    }
    if (data.fileId) await assertFileExists(tx, data.fileId);
    const [complaint] = await tx
      .insert(complaints)
      .values({
        customerId: data.customerId,
        reservationId: data.reservationId ?? null,
        subject: data.subject ?? complaintTitle(data.body),
        kind: data.kind,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(complaintMessages).values({
      complaintId: complaint!.id,
      author: 'customer',
      body: data.body,
      fileId: data.fileId ?? null,
      createdAt: now,
    });
    return complaint!;
  });
}

const customerMessageSchema = z.object({
  complaintId: id,
  customerId: id,
  body,
  fileId: id.nullish(),
  now: z.date().optional(),
});
export type CustomerMessageInput = z.input<typeof customerMessageSchema>;

/** The customer answers in the thread; an answered ticket goes back to 'open' so staff see it again. */
export async function addCustomerMessage(db: DbOrTx, input: CustomerMessageInput): Promise<ComplaintUpdate> {
  const data = parseInput(customerMessageSchema, input);
  const now = data.now ?? new Date();
  return db.transaction(async (tx) => {
    const complaint = await lockComplaint(tx, data.complaintId);
    if (complaint.customerId !== data.customerId) throw new AppError('COMPLAINT_NOT_FOUND');
    if (complaint.status === 'closed') throw new AppError('COMPLAINT_CLOSED');
    if (data.fileId) await assertFileExists(tx, data.fileId);
    const [message] = await tx
      .insert(complaintMessages)
      .values({
        complaintId: complaint.id,
        author: 'customer',
        body: data.body,
        fileId: data.fileId ?? null,
        createdAt: now,
      })
      .returning();
    const [updated] = await tx
      .update(complaints)
      .set({ status: 'open', updatedAt: now })
      .where(eq(complaints.id, complaint.id))
      .returning();
    return { complaint: updated!, message: message! };
  });
}

const replySchema = z.object({ complaintId: id, staffId: id, body, now: z.date().optional() });
export type ReplyToComplaintInput = z.input<typeof replySchema>;

/**
 * Staff answer; the caller delivers `message.body` to `complaint.customerId` through the outbox.
 * firstReplyAt is set once, by the first answer, for the time-to-first-reply report.
 */
export async function replyToComplaint(db: DbOrTx, input: ReplyToComplaintInput): Promise<ComplaintUpdate> {
  const data = parseInput(replySchema, input);
  const now = data.now ?? new Date();
  return db.transaction(async (tx) => {
    const complaint = await lockComplaint(tx, data.complaintId);
    if (complaint.status === 'closed') throw new AppError('COMPLAINT_CLOSED');
    await assertStaffExists(tx, data.staffId);
    const [message] = await tx
      .insert(complaintMessages)
      .values({
        complaintId: complaint.id,
        author: 'staff',
        staffId: data.staffId,
        body: data.body,
        createdAt: now,
      })
      .returning();
    const [updated] = await tx
      .update(complaints)
      .set({
        status: 'answered',
        firstReplyAt: sql`coalesce(${complaints.firstReplyAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(eq(complaints.id, complaint.id))
      .returning();
    return { complaint: updated!, message: message! };
  });
}

const closeSchema = z.object({ complaintId: id, staffId: id, now: z.date().optional() });
export type CloseComplaintInput = z.input<typeof closeSchema>;

/** Closes the ticket. Two staff closing at once: one wins, the other gets ALREADY_DONE. */
export async function closeComplaint(db: DbOrTx, input: CloseComplaintInput): Promise<Complaint> {
  const data = parseInput(closeSchema, input);
  const now = data.now ?? new Date();
  await assertStaffExists(db, data.staffId);
  const [closed] = await db
    .update(complaints)
    .set({ status: 'closed', closedAt: now, closedById: data.staffId, updatedAt: now })
    .where(and(eq(complaints.id, data.complaintId), ne(complaints.status, 'closed')))
    .returning();
  if (closed) return closed;
  const [exists] = await db
    .select({ id: complaints.id })
    .from(complaints)
    .where(eq(complaints.id, data.complaintId));
  throw new AppError(exists ? 'ALREADY_DONE' : 'COMPLAINT_NOT_FOUND');
}

/** Row lock so a reply and a customer message racing on one ticket leave a consistent status. */
async function lockComplaint(tx: DbOrTx, complaintId: number): Promise<Complaint> {
  const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update');
  if (!complaint) throw new AppError('COMPLAINT_NOT_FOUND');
  return complaint;
}

async function assertFileExists(tx: DbOrTx, fileId: number): Promise<void> {
  const [file] = await tx.select({ id: files.id }).from(files).where(eq(files.id, fileId));
  if (!file) {
    throw new AppError('NOT_FOUND', `file ${fileId} not found`, {
      fields: [{ field: 'fileId', message: 'file not found' }],
    });
  }
}

async function assertStaffExists(tx: DbOrTx, staffId: number): Promise<void> {
  const [staff] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, staffId));
  if (!staff) throw new AppError('NOT_FOUND', `staff ${staffId} not found`);
}
