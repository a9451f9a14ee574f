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
