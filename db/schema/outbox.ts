import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from './customers.ts';
import { channelValues, lifecycleDates } from './util.ts';

export const outboxStates = ['pending', 'queued', 'sent', 'failed', 'blocked', 'skipped'] as const;
export type OutboxState = (typeof outboxStates)[number];

export const outboxKinds = ['notification', 'reply', 'reminder', 'rating', 'broadcast'] as const;

/**
 * Every message Potret owes a customer, written in the transaction that causes it (src/messaging).
 * BullMQ only carries it: a relay queues due rows under `uid` as the job id, the channel's sender
 * records the outcome here, and a reconcile pass re-queues rows whose job Redis lost.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The job id in BullMQ: unique across databases, so a new database on an old Redis never collides. */
    uid: uuid('uid').notNull().default(sql`gen_random_uuid()`),
    /** One message per event ('confirm:12'): a second call for the same event writes nothing. */
    dedupeKey: text('dedupe_key'),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: channelValues }).notNull(),
    /** Telegram chat id, WhatsApp id (6281…@c.us) or the web chat's cookie id. */
    externalId: text('external_id').notNull(),
    kind: text('kind', { enum: outboxKinds }).notNull().default('notification'),
    /** The rendered OutboundMessage (src/messaging/messages.ts). */
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    /** What the message is about, for the booking's and the complaint's history. */
    reservationId: integer('reservation_id'),
    complaintId: integer('complaint_id'),
    state: text('state', { enum: outboxStates }).notNull().default('pending'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
    /** Hand-overs to the queue (the relay and each reconcile re-queue add one). */
    attempts: integer('attempts').notNull().default(0),
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The platform's id for the sent message (Telegram message_id, WhatsApp message id). */
    platformMessageId: text('platform_message_id'),
    error: text('error'),
    ...lifecycleDates,
  },
  (t) => [
    uniqueIndex('outbox_messages_uid_uq').on(t.uid),
    uniqueIndex('outbox_messages_dedupe_uq').on(t.dedupeKey),
    // The relay's and the reconcile pass's scans: only rows still owed are indexed.
    index('outbox_messages_owed_idx')
      .on(t.state, t.dueAt)
      .where(sql`state in ('pending', 'queued')`),
    index('outbox_messages_reservation_idx')
      .on(t.reservationId)
      .where(sql`reservation_id is not null`),
    index('outbox_messages_complaint_idx')
      .on(t.complaintId)
      .where(sql`complaint_id is not null`),
  ],
);

export type OutboxRow = typeof outboxMessages.$inferSelect;
