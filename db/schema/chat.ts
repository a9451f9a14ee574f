import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers.ts';
import { channelValues, createdAt, lifecycleDates } from './util.ts';

/** The conversation's state per chat thread ('telegram:123', 'whatsapp:6281…@c.us', 'web:<cookie id>'). */
export const chatSessions = pgTable(
  'chat_sessions',
  {
    thread: text('thread').primaryKey(),
    channel: text('channel', { enum: channelValues }).notNull(),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    step: text('step').notNull().default('start'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    locale: text('locale', { enum: ['id', 'en'] })
      .notNull()
      .default('id'),
    /** Raised on every save, so a stale writer is detected. */
    version: integer('version').notNull().default(0),
    ...lifecycleDates,
  },
  (t) => [index('chat_sessions_customer_idx').on(t.customerId)],
);

/** Platform update ids already handled, so a re-delivered update is handled once. */
export const processedUpdates = pgTable(
  'processed_updates',
  {
    channel: text('channel', { enum: channelValues }).notNull(),
    updateId: text('update_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.updateId] })],
);

/** Messages shown on the web chat page, both the customer's and the studio's. */
export const webMessages = pgTable(
  'web_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    thread: text('thread').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    /** An abstract reply (text, photo, choices…) as the conversation produced it. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('web_messages_thread_idx').on(t.thread, t.id)],
);
