import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea, channelValues, createdAt } from './util.ts';

/** Images (product photos, transfer proofs, complaint photos, broadcast images) kept in Postgres. */
export const files = pgTable(
  'files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    sha256: text('sha256').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    originalName: text('original_name'),
    purpose: text('purpose', { enum: ['product', 'proof', 'complaint', 'broadcast', 'other'] }).notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('files_sha256_idx').on(t.sha256)],
);

/** What a channel gave back after the first upload (Telegram file_id), so a file is uploaded once per channel. */
export const fileChannelRefs = pgTable(
  'file_channel_refs',
  {
    fileId: integer('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: channelValues }).notNull(),
    ref: text('ref').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.channel] })],
);
