import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { broadcastRecipients, broadcasts, type RecipientStatus } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { afterCursor, cursorKey, cursorOrder, cutPage, decodeCursor } from '../paging.ts';
import type {
  BroadcastRecipient,
  Channel,
  BroadcastWithCounts,
  RecipientCounts,
  RecipientInput,
  SegmentRow,
} from './types.ts';

/** 1000 rows × 6 parameters stays far below Postgres's 65535 parameters per statement. */
const INSERT_CHUNK = 1000;

/**
 * Recipient rows for a segment page. Opted-out customers are written as 'skipped' so they are counted, and
 * so are customers whose chat is on a channel no process sends on (`servedChannels`; all when omitted):
 * queued there, they would wait forever and keep the campaign running.
 */
export function recipientsFromSegment(
  rows: SegmentRow[],
  servedChannels?: readonly Channel[],
): RecipientInput[] {
  return rows.map((row) => {
    const error = !row.optedIn
      ? 'opted_out'
      : servedChannels && !servedChannels.includes(row.channel)
        ? 'channel_unavailable'
        : null;
    return {
      customerId: row.customerId,
      channel: row.channel,
      externalId: row.externalId,
      status: error ? 'skipped' : 'pending',
      error,
    };
  });
}

/**
 * Writes a page of recipients in one INSERT. A customer already on the campaign is left alone (unique on
 * broadcast + customer), so a fan-out that runs a page twice adds nobody twice. Returns how many were new.
 * The campaign row is share-locked meanwhile, so a cancel either waits for the page (and then skips its
 * pending rows) or goes first (and the page is written as skipped): no row stays pending on a cancelled
 * campaign.
 */
export async function insertRecipients(
  db: DbOrTx,
  broadcastId: number,
  rows: RecipientInput[],
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    inserted += await db.transaction(async (tx) => {
      const [campaign] = await tx
        .select({ status: broadcasts.status })
        .from(broadcasts)
        .where(eq(broadcasts.id, broadcastId))
        .for('share');
      if (!campaign) throw new AppError('BROADCAST_NOT_FOUND');
      const cancelled = campaign.status === 'cancelled';
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      // One array per column (unnest) rather than drizzle's multi-row insert: 5 parameters instead of
      // 6,000 per chunk, and no per-value query building (6 % of the worker's CPU in bench/broadcast).
      const column = <T>(pick: (row: RecipientInput) => T) => sql.param(chunk.map(pick));
      const [result] = await tx.execute<{ inserted: number }>(sql`
        with inserted as (
          insert into broadcast_recipients (broadcast_id, customer_id, channel, external_id, status, error)
          select ${broadcastId}::int, r.customer_id, r.channel, r.external_id, r.status, r.error
          from unnest(
            ${column((row) => row.customerId)}::int[],
            ${column((row) => row.channel)}::text[],
            ${column((row) => row.externalId)}::text[],
            ${column((row) => (cancelled ? 'skipped' : (row.status ?? 'pending')))}::text[],
            ${column((row) => (cancelled ? 'cancelled' : (row.error ?? null)))}::text[]
          ) as r(customer_id, channel, external_id, status, error)
          on conflict (broadcast_id, customer_id) do nothing
          returning 1)
        select count(*)::int as inserted from inserted`);
      return result!.inserted;
    });
  }
  return inserted;
}

export type RecipientRef = { recipientId: number } | { broadcastId: number; customerId: number };
export type MarkRecipientInput = RecipientRef & {
  status: RecipientStatus;
  error?: string | null;
  now?: Date;
};

/**
 * Records what a send did. sent / failed / blocked count as an attempt; sentAt is kept for 'sent'.
 * Any status may follow any other (a failed try that succeeds on retry becomes 'sent'). False when no
 * such recipient exists.
 */
export async function markRecipient(db: DbOrTx, input: MarkRecipientInput): Promise<boolean> {
  const now = input.now ?? new Date();
  const where =
    'recipientId' in input
      ? eq(broadcastRecipients.id, input.recipientId)
      : and(
          eq(broadcastRecipients.broadcastId, input.broadcastId),
          eq(broadcastRecipients.customerId, input.customerId),
        );
  const attempted = input.status === 'sent' || input.status === 'failed' || input.status === 'blocked';
  const updated = await db
    .update(broadcastRecipients)
    .set({
      status: input.status,
      error: input.status === 'sent' ? null : (input.error ?? null),
      attempts: attempted ? sql`${broadcastRecipients.attempts} + 1` : undefined,
      sentAt: input.status === 'sent' ? now : undefined,
      updatedAt: now,
    })
    .where(where)
    .returning({ id: broadcastRecipients.id });
  return updated.length > 0;
}

const countColumns = {
  pending: sql<number>`count(*) filter (where ${broadcastRecipients.status} = 'pending')::int`,
  sent: sql<number>`count(*) filter (where ${broadcastRecipients.status} = 'sent')::int`,
  failed: sql<number>`count(*) filter (where ${broadcastRecipients.status} = 'failed')::int`,
  blocked: sql<number>`count(*) filter (where ${broadcastRecipients.status} = 'blocked')::int`,
  skipped: sql<number>`count(*) filter (where ${broadcastRecipients.status} = 'skipped')::int`,
  total: sql<number>`count(${broadcastRecipients.id})::int`,
};

/** Live progress for the admin page. */
export async function recipientCounts(db: DbOrTx, broadcastId: number): Promise<RecipientCounts> {
  const [row] = await db
    .select(countColumns)
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, broadcastId));
  return row ?? { pending: 0, sent: 0, failed: 0, blocked: 0, skipped: 0, total: 0 };
}

export interface ListRecipientsOptions {
  status?: RecipientStatus | RecipientStatus[];
  afterCustomerId?: number;
  limit?: number;
}

/** Recipients in customer id order (keyset), e.g. the pending ones a resumed fan-out queues again. */
export async function listRecipients(
  db: DbOrTx,
  broadcastId: number,
  options: ListRecipientsOptions = {},
): Promise<BroadcastRecipient[]> {
  const conditions: SQL[] = [eq(broadcastRecipients.broadcastId, broadcastId)];
  if (options.status) {
    conditions.push(inArray(broadcastRecipients.status, [options.status].flat()));
  }
  if (options.afterCustomerId) conditions.push(gt(broadcastRecipients.customerId, options.afterCustomerId));
  return db
    .select()
    .from(broadcastRecipients)
    .where(and(...conditions))
    .orderBy(asc(broadcastRecipients.customerId))
    .limit(Math.min(Math.max(options.limit ?? 1000, 1), 5000));
}

/** One page of the campaign history; pass `nextCursor` back as `cursor` for the next (undefined: no more). */
export interface BroadcastHistoryPage {
  rows: BroadcastWithCounts[];
  nextCursor: string | undefined;
}

/**
 * Campaign history, newest first, each with its counts (one grouped query, not one per campaign),
 * keyset-paged on (created_at, id). A cursor this list did not make is CURSOR_INVALID.
 */
export async function listBroadcasts(
  db: DbOrTx,
  options: { cursor?: string | undefined; limit?: number } = {},
): Promise<BroadcastHistoryPage> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new AppError('VALIDATION', 'limit must be 1..500');
  const rows = await db
    .select({ broadcast: broadcasts, sortKey: cursorKey(broadcasts.createdAt), ...countColumns })
    .from(broadcasts)
    .leftJoin(broadcastRecipients, eq(broadcastRecipients.broadcastId, broadcasts.id))
    .where(
      options.cursor
        ? afterCursor(broadcasts.createdAt, broadcasts.id, decodeCursor(options.cursor), 'desc')
        : undefined,
    )
    .groupBy(broadcasts.id)
    .orderBy(...cursorOrder(broadcasts.createdAt, broadcasts.id, 'desc'))
    .limit(limit + 1);
  const page = cutPage(rows, limit, (row) => ({ key: row.sortKey, id: row.broadcast.id }));
  return {
    rows: page.rows.map(({ broadcast, sortKey: _sortKey, ...counts }) => ({ ...broadcast, counts })),
    nextCursor: page.nextCursor,
  };
}
