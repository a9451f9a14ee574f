import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { RecipientStatus } from '../../db/schema/index.ts';
import {
  type RecipientOutcome,
  type SettledStatus,
  settleRecipients,
} from '../../src/broadcasts/recipients.ts';
import { createBatcher } from '../batcher.ts';

export interface RecipientRef {
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

export interface RecipientBook {
  /** The row's current status, read in batches with other jobs'. */
  state(ref: RecipientRef): Promise<RecipientState>;
  /** Records the outcome; resolves once the batch holding it is committed. */
  record(ref: RecipientRef, status: SettledStatus, error?: string): Promise<void>;
  flush(): Promise<void>;
}

/** Batched reads and writes of broadcast_recipients for the send path; the status rule is settleRecipients'. */
export function createRecipientBook(
  db: Db,
  options: { onSettled?: (broadcastIds: number[]) => void; maxBatch?: number; maxWaitMs?: number } = {},
): RecipientBook {
  const batching = { maxSize: options.maxBatch ?? 500, maxWaitMs: options.maxWaitMs ?? 5 };
  const reads = createBatcher<RecipientRef, RecipientState>(async (refs) => {
    const values = sql.join(
      refs.map((ref) => sql`(${ref.broadcastId}::int, ${ref.customerId}::int)`),
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
    return refs.map((ref) => {
      const row = found.get(`${ref.broadcastId}:${ref.customerId}`);
      return row
        ? { status: row.status, broadcastStatus: row.broadcast_status, optedIn: row.opted_in }
        : { status: 'missing', broadcastStatus: undefined, optedIn: false };
    });
  }, batching);

  const writes = createBatcher<RecipientOutcome, void>(async (outcomes) => {
    const touched = await settleRecipients(db, outcomes);
    if (touched.length > 0) options.onSettled?.(touched);
    return outcomes.map(() => undefined);
  }, batching);

  return {
    state: (ref) => reads.add(ref),
    record: (ref, status, error) => writes.add({ ...ref, status, error: error ?? null }),
    flush: async () => {
      await reads.flush();
      await writes.flush();
    },
  };
}
