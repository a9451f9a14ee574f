import type { Db } from '../../db/client.ts';
import type { OutboxState } from '../../db/schema/index.ts';
import {
  type OutboxOutcome,
  outboxRowStates,
  type SettledOutboxState,
  settleOutboxRows,
} from '../../src/messaging/outbox-store.ts';
import { createBatcher } from '../batcher.ts';

export interface OutboxBook {
  /** The row's state, read in batches with other jobs'; 'missing' when the row is gone. */
  state(id: number): Promise<OutboxState | 'missing'>;
  /** Records the outcome; resolves once the batch holding it is committed. */
  record(
    id: number,
    state: SettledOutboxState,
    details?: { error?: string; platformMessageId?: string },
  ): Promise<void>;
  flush(): Promise<void>;
}

/** Batches the sender's outbox reads and writes (one statement per batch, group commit). */
export function createOutboxBook(
  db: Db,
  options: { maxBatch?: number; maxWaitMs?: number } = {},
): OutboxBook {
  const batching = { maxSize: options.maxBatch ?? 500, maxWaitMs: options.maxWaitMs ?? 5 };
  const reads = createBatcher<number, OutboxState | 'missing'>(async (ids) => {
    const states = await outboxRowStates(db, ids);
    return ids.map((id) => states.get(id) ?? 'missing');
  }, batching);
  const writes = createBatcher<OutboxOutcome, void>(async (outcomes) => {
    await settleOutboxRows(db, outcomes);
    return outcomes.map(() => undefined);
  }, batching);
  return {
    state: (id) => reads.add(id),
    record: (id, state, details = {}) =>
      writes.add({
        id,
        state,
        error: details.error ?? null,
        platformMessageId: details.platformMessageId ?? null,
      }),
    flush: async () => {
      await reads.flush();
      await writes.flush();
    },
  };
}
