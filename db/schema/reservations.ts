import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgSequence,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { bundles, products } from './catalog.ts';
import { customers } from './customers.ts';
import { files } from './files.ts';
import { staffUsers } from './staff.ts';
import { channelValues, createdAt, lifecycleDates } from './util.ts';

export const reservationStatuses = [
  'pending_payment',
  'awaiting_confirmation',
  'confirmed',
  'completed',
  'no_show',
  'cancelled',
  'expired',
] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

/** Statuses that hold a slot's capacity. */
export const activeReservationStatuses = ['pending_payment', 'awaiting_confirmation', 'confirmed'] as const;

export const reservationCodeSeq = pgSequence('reservation_code_seq', { startWith: 1 });

export const reservations = pgTable(
  'reservations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** e.g. R-2026-000123; the year is the studio's (Asia/Jakarta) year at booking. */
    code: text('code')
      .notNull()
      .unique()
      .default(
        sql`'R-' || to_char(now() AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '-' || lpad(nextval('reservation_code_seq')::text, 6, '0')`,
      ),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status', { enum: reservationStatuses }).notNull().default('pending_payment'),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    subtotal: integer('subtotal').notNull(),
    discount: integer('discount').notNull().default(0),
    pointsRedeemed: integer('points_redeemed').notNull().default(0),
    total: integer('total').notNull(),
    paymentDeadline: timestamp('payment_deadline', { withTimezone: true }),
    channel: text('channel', { enum: channelValues }),
    customerNote: text('customer_note'),
    proofSubmittedAt: timestamp('proof_submitted_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedById: integer('confirmed_by_id').references(() => staffUsers.id),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledById: integer('cancelled_by_id').references(() => staffUsers.id),
    cancelledBy: text('cancelled_by', { enum: ['customer', 'staff', 'system'] }),
    cancelReason: text('cancel_reason'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedById: integer('completed_by_id').references(() => staffUsers.id),
    /** Staff marked that the customer did not come (only after the session's start). */
    noShowAt: timestamp('no_show_at', { withTimezone: true }),
    noShowById: integer('no_show_by_id').references(() => staffUsers.id),
    expiredAt: timestamp('expired_at', { withTimezone: true }),
    /** Flags that make the scheduled sweeps act once. */
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
    ratingRequestedAt: timestamp('rating_requested_at', { withTimezone: true }),
    pointsCreditedAt: timestamp('points_credited_at', { withTimezone: true }),
    proofAlertedAt: timestamp('proof_alerted_at', { withTimezone: true }),
    ...lifecycleDates,
  },
  (t) => [
    index('reservations_customer_idx').on(t.customerId, t.startAt),
    // (start_at, id): the staff list's keyset order, so a page stops after its rows even on a busy day.
    index('reservations_start_idx').on(t.startAt, t.id),
    index('reservations_status_start_idx').on(t.status, t.startAt),
    index('reservations_created_idx').on(t.createdAt, t.id),
    index('reservations_deadline_idx')
      .on(t.paymentDeadline)
      .where(sql`${t.status} = 'pending_payment'`),
    check('reservations_total_nonneg', sql`${t.total} >= 0`),
    check('reservations_time_order', sql`${t.endAt} > ${t.startAt}`),
  ],
);

/** Lines of a booking; names and unit prices are frozen at booking time. */
export const reservationItems = pgTable(
  'reservation_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    reservationId: integer('reservation_id')
      .notNull()
      .references(() => reservations.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    bundleId: integer('bundle_id').references(() => bundles.id),
    kind: text('kind', { enum: ['package', 'addon'] }).notNull(),
    name: text('name').notNull(),
    unitPrice: integer('unit_price').notNull(),
    quantity: integer('quantity').notNull().default(1),
    lineTotal: integer('line_total').notNull(),
    /** The bundle's saving on this line in rupiah (list price minus bundle price); the booking's discount is their sum. */
    discount: integer('discount').notNull().default(0),
  },
  (t) => [
    index('reservation_items_reservation_idx').on(t.reservationId),
    index('reservation_items_product_idx').on(t.productId),
    check('reservation_items_qty_pos', sql`${t.quantity} > 0`),
  ],
);

export const paymentProofs = pgTable(
  'payment_proofs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    reservationId: integer('reservation_id')
      .notNull()
      .references(() => reservations.id, { onDelete: 'cascade' }),
    fileId: integer('file_id')
      .notNull()
      .references(() => files.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('payment_proofs_reservation_idx').on(t.reservationId, t.createdAt)],
);
