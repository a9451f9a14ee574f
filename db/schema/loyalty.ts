import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers } from './customers.ts';
import { reservations } from './reservations.ts';
import { staffUsers } from './staff.ts';
import { createdAt } from './util.ts';

export const pointsReasons = [
  'completion',
  'redemption',
  'redemption_refund',
  'referral',
  'referral_welcome',
  'manual',
] as const;
export type PointsReason = (typeof pointsReasons)[number];

/** Every change to a customer's points; customers.points_balance is its running sum. */
export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    delta: integer('delta').notNull(),
    reason: text('reason', { enum: pointsReasons }).notNull(),
    reservationId: integer('reservation_id').references(() => reservations.id),
    /** For referral credits: the friend whose registration or first booking earned them. */
    referredCustomerId: integer('referred_customer_id').references(() => customers.id),
    staffId: integer('staff_id').references(() => staffUsers.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('points_ledger_customer_idx').on(t.customerId, t.createdAt),
    /** A booking earns, redeems and refunds at most once each. */
    uniqueIndex('points_ledger_reservation_reason_uq')
      .on(t.reservationId, t.reason)
      .where(sql`${t.reservationId} IS NOT NULL`),
    /** A friend earns the referrer (and themself) a referral credit at most once. */
    uniqueIndex('points_ledger_referral_uq')
      .on(t.referredCustomerId, t.reason)
      .where(sql`${t.referredCustomerId} IS NOT NULL`),
  ],
);
