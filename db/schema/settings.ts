import { check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { lifecycleDates } from './util.ts';

/** "HH:MM" in the studio's time zone; null for a closed day. Index 0 is Sunday, as in Date#getDay. */
export type OpeningHours = Array<{ open: string; close: string } | null>;
export interface BankAccount {
  bank: string;
  number: string;
  holder: string;
}
export interface PointsRules {
  /** Rupiah spent per point earned on completion (10_000 → 1 point per Rp 10.000). */
  earnPerRupiah: number;
  /** Rupiah of discount one point is worth when redeemed. */
  pointValueRupiah: number;
  /** Largest share of a booking's total that points may pay, in percent. */
  maxRedeemPercent: number;
  /** Points the referrer gets when a referred friend completes a first booking. */
  referralPoints: number;
  /** Points the new friend gets on registering with a referral code. */
  referralWelcomePoints: number;
  /** Completed bookings after which a regular becomes a member. */
  memberAfterBookings: number;
}

/** One row (id = 1): the studio's profile and rules, edited by the owner in settings. */
export const studioSettings = pgTable(
  'studio_settings',
  {
    id: integer('id').primaryKey().default(1),
    studioName: text('studio_name').notNull(),
    address: text('address').notNull().default(''),
    mapUrl: text('map_url').notNull().default(''),
    phone: text('phone').notNull().default(''),
    openingHours: jsonb('opening_hours').$type<OpeningHours>().notNull(),
    slotMinutes: integer('slot_minutes').notNull().default(60),
    capacityPerSlot: integer('capacity_per_slot').notNull().default(1),
    bookingHorizonDays: integer('booking_horizon_days').notNull().default(14),
    bankAccounts: jsonb('bank_accounts').$type<BankAccount[]>().notNull(),
    paymentDeadlineHours: integer('payment_deadline_hours').notNull().default(24),
    /** Hours before the session start after which a customer may no longer cancel in chat. */
    cancelCutoffHours: integer('cancel_cutoff_hours').notNull().default(24),
    pointsRules: jsonb('points_rules').$type<PointsRules>().notNull(),
    /** Local "HH:MM" when the day-before reminders go out. */
    reminderTime: text('reminder_time').notNull().default('09:00'),
    ratingDelayHours: integer('rating_delay_hours').notNull().default(3),
    proofAlertHours: integer('proof_alert_hours').notNull().default(4),
    ...lifecycleDates,
  },
  (t) => [
    check('studio_settings_single_row', sql`${t.id} = 1`),
    check('studio_settings_capacity_pos', sql`${t.capacityPerSlot} > 0`),
    check('studio_settings_slot_pos', sql`${t.slotMinutes} > 0`),
  ],
);
