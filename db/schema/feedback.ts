import { sql } from 'drizzle-orm';
import { check, index, integer, pgSequence, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { customers } from './customers.ts';
import { files } from './files.ts';
import { reservationItems, reservations } from './reservations.ts';
import { staffUsers } from './staff.ts';
import { createdAt, lifecycleDates } from './util.ts';

export const complaintStatuses = ['open', 'answered', 'closed'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

/** 'question': a chat question the FAQ could not answer, forwarded to staff (admin labels it in the staff's language). */
export const complaintKinds = ['complaint', 'question'] as const;
export type ComplaintKind = (typeof complaintKinds)[number];

export const complaintCodeSeq = pgSequence('complaint_code_seq', { startWith: 1 });

export const complaints = pgTable(
  'complaints',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Ticket code given to the customer, e.g. K-000042. */
    code: text('code')
      .notNull()
      .unique()
      .default(sql`'K-' || lpad(nextval('complaint_code_seq')::text, 6, '0')`),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    reservationId: integer('reservation_id').references(() => reservations.id),
    subject: text('subject').notNull(),
    kind: text('kind', { enum: complaintKinds }).notNull().default('complaint'),
    status: text('status', { enum: complaintStatuses }).notNull().default('open'),
    firstReplyAt: timestamp('first_reply_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedById: integer('closed_by_id').references(() => staffUsers.id),
    ...lifecycleDates,
  },
  (t) => [
    index('complaints_status_idx').on(t.status, t.updatedAt),
    index('complaints_customer_idx').on(t.customerId),
  ],
);

export const complaintMessages = pgTable(
  'complaint_messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    complaintId: integer('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    author: text('author', { enum: ['customer', 'staff'] }).notNull(),
    staffId: integer('staff_id').references(() => staffUsers.id),
    body: text('body').notNull(),
    fileId: integer('file_id').references(() => files.id),
    createdAt: createdAt(),
  },
  (t) => [index('complaint_messages_complaint_idx').on(t.complaintId, t.createdAt)],
);

/** One rating per reservation item, only for completed bookings. */
export const ratings = pgTable(
  'ratings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    reservationItemId: integer('reservation_item_id')
      .notNull()
      .unique()
      .references(() => reservationItems.id),
    reservationId: integer('reservation_id')
      .notNull()
      .references(() => reservations.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    stars: smallint('stars').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    check('ratings_stars_range', sql`${t.stars} BETWEEN 1 AND 5`),
    index('ratings_product_idx').on(t.productId, t.createdAt),
  ],
);
