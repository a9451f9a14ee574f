import type { complaintMessages, complaints, ratings } from '../../db/schema/index.ts';

export type Complaint = typeof complaints.$inferSelect;
export type ComplaintStatus = Complaint['status'];
export type ComplaintKind = Complaint['kind'];
export type ComplaintMessage = typeof complaintMessages.$inferSelect;
export type Rating = typeof ratings.$inferSelect;

/** One page of a keyset-paged list; pass `nextCursor` back as `cursor` for the next page (null: no more). */
export interface Page<Row> {
  rows: Row[];
  nextCursor: string | null;
}

export interface ComplaintThread {
  complaint: Complaint;
  customer: { id: number; code: string; name: string; phone: string | null; locale: 'id' | 'en' };
  reservation: { id: number; code: string; startAt: Date } | null;
  /** Oldest first, as the conversation happened. */
  messages: Array<ComplaintMessage & { staffName: string | null }>;
}

export interface ComplaintListRow {
  id: number;
  code: string;
  subject: string;
  /** 'question': forwarded from the chat's FAQ; shown with a label in the staff's language. */
  kind: ComplaintKind;
  status: ComplaintStatus;
  customerId: number;
  customerCode: string;
  customerName: string;
  reservationId: number | null;
  messageCount: number;
  lastMessageAt: Date | null;
  /** Who wrote last: 'customer' means the studio owes an answer. */
  lastAuthor: 'customer' | 'staff' | null;
  firstReplyAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Result of a message added to a thread: what the thread looks like now, and the message. */
export interface ComplaintUpdate {
  complaint: Complaint;
  message: ComplaintMessage;
}

export interface RateableItem {
  reservationItemId: number;
  reservationId: number;
  reservationCode: string;
  productId: number;
  kind: 'package' | 'addon';
  name: string;
  startAt: Date;
}

export interface RatingRow extends Rating {
  productName: string;
  customerName: string;
  customerCode: string;
  reservationCode: string;
}
