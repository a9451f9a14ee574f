import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from './customers.ts';
import { files } from './files.ts';
import { staffUsers } from './staff.ts';
import { channelValues, createdAt, lifecycleDates } from './util.ts';

/** A segment as stored on a campaign; validated by src/broadcasts with zod. */
export interface SegmentDefinition {
  membership?: 'member' | 'regular';
  channel?: (typeof channelValues)[number];
  boughtCategory?: string;
  inactiveDays?: number;
}

/** 'queued': staff pressed send and the fan-out job is waiting for a worker (set in the same request). */
export const broadcastStatuses = ['draft', 'scheduled', 'queued', 'running', 'completed', 'cancelled'] as const;
export type BroadcastStatus = (typeof broadcastStatuses)[number];

export const broadcasts = pgTable(
  'broadcasts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The fan-out's job id in BullMQ: unique across databases sharing one Redis. */
    uid: uuid('uid').notNull().default(sql`gen_random_uuid()`),
    title: text('title').notNull(),
    text: text('text').notNull(),
    imageFileId: integer('image_file_id').references(() => files.id),
    segment: jsonb('segment').$type<SegmentDefinition>().notNull(),
    status: text('status', { enum: broadcastStatuses }).notNull().default('draft'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** When the sends were last picked up again from Postgres after Redis lost them, and how often. */
    resumedAt: timestamp('resumed_at', { withTimezone: true }),
    resumeCount: integer('resume_count').notNull().default(0),
    createdById: integer('created_by_id').references(() => staffUsers.id),
    ...lifecycleDates,
  },
  (t) => [index('broadcasts_status_idx').on(t.status, t.scheduledAt)],
);

export const recipientStatuses = ['pending', 'sent', 'failed', 'blocked', 'skipped'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

export const broadcastRecipients = pgTable(
  'broadcast_recipients',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    broadcastId: integer('broadcast_id')
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    /** The send's job id in BullMQ (the row's own, never rebuilt from table ids). */
    uid: uuid('uid').notNull().default(sql`gen_random_uuid()`),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: text('channel', { enum: channelValues }),
    /** Where the message goes on that channel (chat id, WhatsApp id, web thread). */
    externalId: text('external_id'),
    status: text('status', { enum: recipientStatuses }).notNull().default('pending'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: lifecycleDates.updatedAt,
  },
  (t) => [
    uniqueIndex('broadcast_recipients_uq').on(t.broadcastId, t.customerId),
    index('broadcast_recipients_status_idx').on(t.broadcastId, t.status),
  ],
);
