import type { Db } from '../../db/client.ts';
import {
  type RecipientKey,
  type RecipientOutcome,
  type RecipientState,
  recipientStates,
  type SettledStatus,
  settleRecipients,
} from '../../src/broadcasts/send-path.ts';
import { createBatcher } from '../batcher.ts';

export interface RecipientBook {
  /** The row's current status, read in batches with other jobs'. */
  state(ref: RecipientKey): Promise<RecipientState>;
  /** Records the outcome; resolves once the batch holding it is committed. */
  record(ref: RecipientKey, status: SettledStatus, error?: string): Promise<void>;
  flush(): Promise<void>;
}

/** Batches the send path's recipient reads and writes; the queries and status rule are in src/broadcasts/send-path.ts. */
export function createRecipientBook(
  db: Db,
  options: { onSettled?: (broadcastIds: number[]) => void; maxBatch?: number; maxWaitMs?: number } = {},
): RecipientBook {
  const batching = { maxSize: options.maxBatch ?? 500, maxWaitMs: options.maxWaitMs ?? 5 };
  const reads = createBatcher<RecipientKey, RecipientState>((refs) => recipientStates(db, refs), batching);

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
