import type { Db } from '../../db/client.ts';
import type { Channel } from '../../db/schema/index.ts';
import type { Logger } from '../../src/logger.ts';
import { whyUndeliverable } from '../../src/messaging/delivery.ts';
import { claimDueMessages, releaseClaimed, settleOutboxRows } from '../../src/messaging/outbox-store.ts';
import type { Queues } from '../queues.ts';
import { queueOutboxRows } from './queue-rows.ts';
import { withTimeout } from './timeout.ts';

export interface OutboxRelayOptions {
  db: Db;
  queues: Queues;
  log: Logger;
  /** Channels some process sends on; a row for any other channel fails with the reason. All when omitted. */
  servedChannels?: readonly Channel[];
  /** Milliseconds between looks at the table when nothing woke the relay (250: p99 well under 1 s). */
  pollMs?: number;
  /** Rows claimed per statement. */
  batch?: number;
  /** Milliseconds a hand-over to Redis may take before the rows go back to pending. */
  redisTimeoutMs?: number;
}

export interface OutboxRelay {
  /** A row was just written in this process: look soon (after its transaction has likely committed). */
  wake(): void;
  /** One pass: hands every due row to its queue. Returns how many were queued. */
  runOnce(): Promise<number>;
  close(): Promise<void>;
}

/** Backoff while Redis is away: 0.5 s doubling to 5 s, so a returning Redis is used within seconds. */
const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 5_000;
/** After a wake: the writer's transaction usually commits within a few ms; look twice. */
const WAKE_LOOKS_MS = [5, 40] as const;

/**
 * Hands due outbox rows to BullMQ, the row's uuid as the job id. A row is claimed (queued) and queued in
 * Redis; when Redis does not answer in time the rows go back to pending and the relay backs off, so a
 * staff action never waits on Redis and nothing is lost while it is away. A crash between the claim and
 * the hand-over leaves rows queued without a job: the reconcile pass (./reconcile.ts) finds those.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, queues, log } = options;
  const pollMs = options.pollMs ?? 250;
  const batch = options.batch ?? 500;
  const redisTimeoutMs = options.redisTimeoutMs ?? 3_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let closed = false;
  let backoffMs = 0;
  const wakeTimers = new Set<NodeJS.Timeout>();

  const pass = async (): Promise<number> => {
    if (!queues.connected()) return 0;
    let queued = 0;
    for (;;) {
      const rows = await claimDueMessages(db, batch);
      if (rows.length === 0) break;
      const refused = rows
        .map((row) => ({ row, why: whyUndeliverable(row.channel, row.message, options.servedChannels) }))
        .filter((entry) => entry.why);
      if (refused.length > 0) {
        await settleOutboxRows(
          db,
          refused.map(({ row, why }) => ({ id: row.id, state: 'failed', error: why })),
        );
        log.warn({ outboxIds: refused.map(({ row }) => row.id) }, 'outbox rows refused before queueing');
      }
      const good = rows.filter((row) => !refused.some((entry) => entry.row === row));
      try {
        await withTimeout(queueOutboxRows(queues, good), redisTimeoutMs, 'queueing outbox rows');
      } catch (error) {
        await releaseClaimed(
          db,
          good.map((row) => row.id),
        );
        throw error;
      }
      queued += good.length;
      if (rows.length < batch) break;
    }
    return queued;
  };

  const run = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .then((queued) => {
        backoffMs = 0;
        if (queued > 0) log.debug({ queued }, 'outbox rows queued');
        return queued;
      })
      .catch((error) => {
        backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, backoffMs * 2));
        log.warn({ err: error, retryInMs: backoffMs }, 'outbox relay could not queue; rows stay pending');
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again && !closed) {
          again = false;
          void run();
        }
      });
    return running;
  };

  const tick = () => {
    timer = undefined;
    void run().finally(() => {
      if (!closed) timer = setTimeout(tick, Math.max(pollMs, backoffMs));
    });
  };
  timer = setTimeout(tick, 0);

  return {
    wake() {
      if (closed || backoffMs > 0) return;
      for (const delay of WAKE_LOOKS_MS) {
        const handle = setTimeout(() => {
          wakeTimers.delete(handle);
          void run();
        }, delay);
        wakeTimers.add(handle);
      }
    },
    runOnce: run,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const handle of wakeTimers) clearTimeout(handle);
      wakeTimers.clear();
      await running;
    },
  };
}
