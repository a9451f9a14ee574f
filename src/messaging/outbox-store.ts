import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type Channel, type OutboxState, outboxMessages } from '../../db/schema/index.ts';
import type { MessageKind } from './delivery.ts';
import type { OutboundMessage } from './messages.ts';

/** An outbox row as the relay hands it to a queue. */
export interface OwedMessage {
  id: number;
  uid: string;
  channel: Channel;
  externalId: string;
  customerId: number | null;
  kind: MessageKind;
  message: OutboundMessage;
  attempts: number;
}

const owedColumns = {
  id: outboxMessages.id,
  uid: outboxMessages.uid,
  channel: outboxMessages.channel,
  externalId: outboxMessages.externalId,
  customerId: outboxMessages.customerId,
  kind: outboxMessages.kind,
  message: outboxMessages.message,
  attempts: outboxMessages.attempts,
};

/**
 * Takes up to `limit` due pending rows and marks them queued, in one statement. SKIP LOCKED lets
 * several relays (one per worker process) share the table without taking the same row.
 */
export async function claimDueMessages(db: DbOrTx, limit: number): Promise<OwedMessage[]> {
  const due = db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.state, 'pending'), sql`${outboxMessages.dueAt} <= now()`))
    .orderBy(asc(outboxMessages.dueAt), asc(outboxMessages.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(outboxMessages)
    .set({
      state: 'queued',
      queuedAt: sql`now()`,
      attempts: sql`${outboxMessages.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(inArray(outboxMessages.id, due))
    .returning(owedColumns);
  // RETURNING has no order: messages to one chat must reach it in the order they were written.
  return (rows as OwedMessage[]).sort((a, b) => a.id - b.id);
}

/** Rows the relay claimed but could not hand to Redis: pending again, for the next pass. */
export async function releaseClaimed(db: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outboxMessages)
    .set({ state: 'pending', queuedAt: null, updatedAt: sql`now()` })
    .where(and(inArray(outboxMessages.id, ids), eq(outboxMessages.state, 'queued')));
}

export type SettledOutboxState = Extract<OutboxState, 'sent' | 'failed' | 'blocked' | 'skipped'>;

export interface OutboxOutcome {
  id: number;
  state: SettledOutboxState;
  error?: string | null;
  platformMessageId?: string | null;
}

/**
 * Records what became of each row, in one statement. A row already settled keeps its first outcome:
 * a job that ran twice after a crash cannot turn 'sent' into 'failed'.
 */
export async function settleOutboxRows(db: DbOrTx, outcomes: OutboxOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const column = <T>(pick: (row: OutboxOutcome) => T) => sql.param(outcomes.map(pick));
  await db.execute(sql`
    update outbox_messages as o set
      state = u.state,
      error = u.error,
      platform_message_id = u.platform_message_id,
      sent_at = case when u.state = 'sent' then now() else o.sent_at end,
      updated_at = now()
    from unnest(
      ${column((o) => o.id)}::bigint[],
      ${column((o) => o.state)}::text[],
      ${column((o) => o.error?.slice(0, 500) ?? null)}::text[],
      ${column((o) => o.platformMessageId ?? null)}::text[]
    ) as u(id, state, error, platform_message_id)
    where o.id = u.id and o.state in ('pending', 'queued')`);
}

/** Each row's state, for the sender's check before it sends (a row settled meanwhile is not sent). */
export async function outboxRowStates(db: DbOrTx, ids: number[]): Promise<Map<number, OutboxState>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: outboxMessages.id, state: outboxMessages.state })
    .from(outboxMessages)
    .where(inArray(outboxMessages.id, ids));
  return new Map(rows.map((row) => [row.id, row.state]));
}

/**
 * Rows handed to the queue more than `olderThanMs` ago and still not settled, in id order from
 * `afterId`: the reconcile pass checks each still has its job.
 */
export async function queuedMessagesOlderThan(
  db: DbOrTx,
  options: { olderThanMs: number; afterId: number; limit: number },
): Promise<OwedMessage[]> {
  const rows = await db
    .select(owedColumns)
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.state, 'queued'),
        sql`${outboxMessages.queuedAt} < now() - ${options.olderThanMs} * interval '1 millisecond'`,
        gt(outboxMessages.id, options.afterId),
      ),
    )
    .orderBy(asc(outboxMessages.id))
    .limit(options.limit);
  return rows as OwedMessage[];
}

/** Marks rows queued again after a lost job was added back (attempts counts every hand-over). */
export async function markRequeued(db: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outboxMessages)
    .set({ queuedAt: sql`now()`, attempts: sql`${outboxMessages.attempts} + 1`, updatedAt: sql`now()` })
    .where(and(inArray(outboxMessages.id, ids), eq(outboxMessages.state, 'queued')));
}

/** A row as a booking's or a complaint's history shows it. */
export interface MessageHistoryEntry {
  id: number;
  kind: MessageKind;
  channel: Channel;
  state: OutboxState;
  createdAt: Date;
  queuedAt: Date | null;
  sentAt: Date | null;
  error: string | null;
  attempts: number;
  text: string;
}

const textOf = (message: Record<string, unknown>): string => {
  const value = message.text ?? message.caption;
  return typeof value === 'string' ? value : '';
};

/** The messages about one booking or complaint, newest first. */
export async function messagesAbout(
  db: DbOrTx,
  about: { reservationId: number } | { complaintId: number },
  limit = 50,
): Promise<MessageHistoryEntry[]> {
  const rows = await db
    .select({
      id: outboxMessages.id,
      kind: outboxMessages.kind,
      channel: outboxMessages.channel,
      state: outboxMessages.state,
      createdAt: outboxMessages.createdAt,
      queuedAt: outboxMessages.queuedAt,
      sentAt: outboxMessages.sentAt,
      error: outboxMessages.error,
      attempts: outboxMessages.attempts,
      message: outboxMessages.message,
    })
    .from(outboxMessages)
    .where(
      'reservationId' in about
        ? eq(outboxMessages.reservationId, about.reservationId)
        : eq(outboxMessages.complaintId, about.complaintId),
    )
    .orderBy(desc(outboxMessages.id))
    .limit(limit);
  return rows.map(({ message, ...row }) => ({ ...row, text: textOf(message) }));
}

/** What the dashboard says about messages still owed. */
export interface OwedSummary {
  /** Due for over a minute and not yet handed to a queue: Redis is unreachable, or no worker runs. */
  waitingForQueue: number;
  /** Handed to a queue over ten minutes ago and not sent: the platform is slow or unreachable. */
  waitingForPlatform: number;
  oldestDueAt: Date | null;
}

const WAITING_FOR_QUEUE_MS = 60_000;
const WAITING_FOR_PLATFORM_MS = 600_000;

export async function owedSummary(db: DbOrTx): Promise<OwedSummary> {
  const [row] = await db
    .select({
      waitingForQueue: sql<number>`count(*) filter (where ${outboxMessages.state} = 'pending'
        and ${outboxMessages.dueAt} < now() - ${WAITING_FOR_QUEUE_MS} * interval '1 millisecond')::int`,
      waitingForPlatform: sql<number>`count(*) filter (where ${outboxMessages.state} = 'queued'
        and ${outboxMessages.queuedAt} < now() - ${WAITING_FOR_PLATFORM_MS} * interval '1 millisecond')::int`,
      oldestDueAt: sql<Date | null>`min(${outboxMessages.dueAt})`,
    })
    .from(outboxMessages)
    .where(and(inArray(outboxMessages.state, ['pending', 'queued']), lt(outboxMessages.dueAt, sql`now()`)));
  return {
    waitingForQueue: row?.waitingForQueue ?? 0,
    waitingForPlatform: row?.waitingForPlatform ?? 0,
    oldestDueAt: row?.oldestDueAt ? new Date(row.oldestDueAt) : null,
  };
}
