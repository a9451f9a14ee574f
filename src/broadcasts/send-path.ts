import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { RecipientStatus } from '../../db/schema/index.ts';

/** A campaign's recipient as a send job names it. */
export interface RecipientKey {
  broadcastId: number;
  customerId: number;
}

/** A recipient's row as a send job sees it; 'missing' when the row is gone (campaign deleted). */
export interface RecipientState {
  status: RecipientStatus | 'missing';
  broadcastStatus: string | undefined;
  /** The customer still accepts promotions (they may have said STOP after the fan-out). */
  optedIn: boolean;
}

/** The state of many recipients in one query, in the order asked. */
export async function recipientStates(db: DbOrTx, keys: RecipientKey[]): Promise<RecipientState[]> {
  if (keys.length === 0) return [];
  const values = sql.join(
    keys.map((key) => sql`(${key.broadcastId}::int, ${key.customerId}::int)`),
    sql`, `,
  );
  const rows = await db.execute<{
    broadcast_id: number;
    customer_id: number;
    status: RecipientStatus;
    broadcast_status: string;
    opted_in: boolean;
  }>(sql`
    select r.broadcast_id, r.customer_id, r.status, b.status as broadcast_status, c.promo_opt_in as opted_in
    from broadcast_recipients r
    join broadcasts b on b.id = r.broadcast_id
    join customers c on c.id = r.customer_id
    join (values ${values}) as v(broadcast_id, customer_id)
      on r.broadcast_id = v.broadcast_id and r.customer_id = v.customer_id`);
  const found = new Map(rows.map((row) => [`${row.broadcast_id}:${row.customer_id}`, row]));
  return keys.map((key) => {
    const row = found.get(`${key.broadcastId}:${key.customerId}`);
    return row
      ? { status: row.status, broadcastStatus: row.broadcast_status, optedIn: row.opted_in }
      : { status: 'missing', broadcastStatus: undefined, optedIn: false };
  });
}

export type SettledStatus = Extract<RecipientStatus, 'sent' | 'failed' | 'blocked'>;
export interface RecipientOutcome extends RecipientKey {
  status: SettledStatus;
  error?: string | null;
}

/**
 * The send path's outcomes, many rows in one UPDATE. Stricter than markRecipient: a row only moves out of
 * 'pending' (a repeated job cannot overwrite an earlier outcome), except that a message that did go out
 * after a cancel marked its row skipped is recorded as sent, so the counts tell the truth. Returns the
 * campaigns whose rows changed.
 */
export async function settleRecipients(db: DbOrTx, outcomes: RecipientOutcome[]): Promise<number[]> {
  if (outcomes.length === 0) return [];
  const values = sql.join(
    outcomes.map(
      (o) =>
        sql`(${o.broadcastId}::int, ${o.customerId}::int, ${o.status}::text, ${o.status === 'sent' ? null : (o.error ?? null)}::text)`,
    ),
    sql`, `,
  );
  const rows = await db.execute<{ broadcast_id: number }>(sql`
    update broadcast_recipients r
    set status = v.status, error = v.error, attempts = r.attempts + 1, updated_at = now(),
        sent_at = case when v.status = 'sent' then now() else r.sent_at end
    from (values ${values}) as v(broadcast_id, customer_id, status, error)
    where r.broadcast_id = v.broadcast_id and r.customer_id = v.customer_id
      and (r.status = 'pending' or (v.status = 'sent' and r.status = 'skipped'))
    returning r.broadcast_id`);
  return [...new Set(rows.map((row) => row.broadcast_id))];
}

/** A pending recipient of a running campaign, as the reconcile pass re-queues it. */
export interface OwedRecipient {
  id: number;
  uid: string;
  broadcastId: number;
  customerId: number;
  channel: 'telegram' | 'whatsapp' | 'web' | null;
  externalId: string | null;
  locale: 'id' | 'en';
}

/**
 * Pending recipients of fanned-out running campaigns written more than `olderThanMs` ago, in id order
 * from `afterId`: their send jobs should be in Redis, and the reconcile pass checks they are.
 */
export async function owedRecipients(
  db: DbOrTx,
  options: { olderThanMs: number; afterId: number; limit: number },
): Promise<OwedRecipient[]> {
  const rows = await db.execute<{
    id: number;
    uid: string;
    broadcast_id: number;
    customer_id: number;
    channel: OwedRecipient['channel'];
    external_id: string | null;
    locale: 'id' | 'en';
  }>(sql`
    select r.id, r.uid, r.broadcast_id, r.customer_id, r.channel, r.external_id, c.locale
    from broadcast_recipients r
    join broadcasts b on b.id = r.broadcast_id
    join customers c on c.id = r.customer_id
    where b.status = 'running' and b.fanned_out_at is not null
      and r.status = 'pending' and r.id > ${options.afterId}
      and r.created_at < now() - ${options.olderThanMs} * interval '1 millisecond'
    order by r.id
    limit ${options.limit}`);
  return rows.map((row) => ({
    id: row.id,
    uid: row.uid,
    broadcastId: row.broadcast_id,
    customerId: row.customer_id,
    channel: row.channel,
    externalId: row.external_id,
    locale: row.locale,
  }));
}

/** The campaigns whose sends were picked up again from Postgres: the admin's page says so. */
export async function markBroadcastsResumed(db: DbOrTx, broadcastIds: number[], now: Date): Promise<void> {
  if (broadcastIds.length === 0) return;
  await db.execute(sql`
    update broadcasts set resumed_at = ${now.toISOString()}::timestamptz, resume_count = resume_count + 1
    where id = any(${sql.param(broadcastIds)}::int[])`);
}

/** Campaigns started (queued or running) whose fan-out has not finished: each needs its fan-out job. */
export async function campaignsAwaitingFanout(db: DbOrTx): Promise<{ id: number; uid: string }[]> {
  const rows = await db.execute<{ id: number; uid: string }>(sql`
    select id, uid from broadcasts
    where status in ('queued', 'running') and fanned_out_at is null
    order by id`);
  return rows.map((row) => ({ id: row.id, uid: row.uid }));
}
