import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { channelValues, createdAt, lifecycleDates } from './util.ts';

export const customerCodeSeq = pgSequence('customer_code_seq', { startWith: 1 });

export const customers = pgTable(
  'customers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Shown to staff and customers, e.g. C-000123. */
    code: text('code')
      .notNull()
      .unique()
      .default(sql`'C-' || lpad(nextval('customer_code_seq')::text, 6, '0')`),
    name: text('name').notNull(),
    /** E.164, e.g. +6281234567890. Null until the customer shares it. */
    phone: text('phone').unique(),
    email: text('email'),
    address: text('address'),
    membership: text('membership', { enum: ['member', 'regular'] })
      .notNull()
      .default('regular'),
    promoOptIn: boolean('promo_opt_in').notNull().default(true),
    locale: text('locale', { enum: ['id', 'en'] })
      .notNull()
      .default('id'),
    referralCode: text('referral_code').notNull().unique(),
    referredById: integer('referred_by_id').references((): AnyPgColumn => customers.id),
    /** Kept in step with points_ledger in the same transaction; the ledger is the truth. */
    pointsBalance: integer('points_balance').notNull().default(0),
    notes: text('notes'),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }),
    /** Set when staff delete the customer: personal data is blanked, financial history stays. */
    anonymizedAt: timestamp('anonymized_at', { withTimezone: true }),
    ...lifecycleDates,
  },
  (t) => [
    index('customers_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    /** Staff search by any part of a number (LIKE '%3456%'); without it that is a full scan. */
    index('customers_phone_trgm_idx').using('gin', sql`${t.phone} gin_trgm_ops`),
    index('customers_created_idx').on(t.createdAt, t.id),
    index('customers_referred_by_idx').on(t.referredById),
  ],
);

/** One customer, many channel identities: (channel, external id) points at one customer. */
export const channelIdentities = pgTable(
  'channel_identities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: channelValues }).notNull(),
    /** Telegram chat id, WhatsApp id like 6281234567890@c.us, or the web chat's cookie id. */
    externalId: text('external_id').notNull(),
    displayName: text('display_name'),
    /** Set when the platform says the customer blocked us (403); broadcasts skip this identity. */
    unreachableAt: timestamp('unreachable_at', { withTimezone: true }),
    /** Last inbound message on this identity; the outbox writes to the most recent reachable one. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('channel_identities_channel_external_idx').on(t.channel, t.externalId),
    index('channel_identities_customer_idx').on(t.customerId),
  ],
);

/**
 * A code sent to a known customer's registered chat when someone in another chat types that
 * customer's phone (typing a number proves nothing). One pending code per chat; only its hash is kept.
 */
export const phoneVerifications = pgTable(
  'phone_verifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The chat asking to be linked. */
    channel: text('channel', { enum: channelValues }).notNull(),
    externalId: text('external_id').notNull(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    /** "salt:sha256(salt:code)" in hex; the code itself is only in the message sent. */
    codeHash: text('code_hash').notNull(),
    /** Wrong codes typed against the current code. */
    attempts: integer('attempts').notNull().default(0),
    /** Codes sent since windowStartedAt (capped per hour). */
    sends: integer('sends').notNull().default(1),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('phone_verifications_chat_idx').on(t.channel, t.externalId),
    index('phone_verifications_customer_idx').on(t.customerId, t.sentAt),
  ],
);
