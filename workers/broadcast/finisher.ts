import type { Db } from '../../db/client.ts';
import { finishBroadcastIfDone } from '../../src/broadcasts/index.ts';
import type { Logger } from '../../src/logger.ts';

export interface BroadcastFinisher {
  /** Campaigns whose recipients just changed; checked together a moment later. */
  poke(broadcastIds: number[]): void;
  /** Checks what is waiting now and stops the timer. */
  close(): Promise<void>;
}

/**
 * Completes campaigns with nothing left pending. Sends settle hundreds per second; checking after each
 * would cost a count per message, so checks are coalesced to one per campaign per `intervalMs` (250 ms).
 * The care sweep checks running campaigns every minute too, in case this process died first.
 */
export function createBroadcastFinisher(db: Db, log: Logger, intervalMs = 250): BroadcastFinisher {
  const dirty = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const run = async () => {
    timer = undefined;
    const ids = [...dirty];
    dirty.clear();
    for (const id of ids) {
      try {
        if (await finishBroadcastIfDone(db, id)) log.info({ broadcastId: id }, 'campaign completed');
      } catch (error) {
        log.warn({ err: error, broadcastId: id }, 'could not check whether the campaign is done');
      }
    }
  };
  const schedule = () => {
    timer ??= setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
      });
    }, intervalMs);
  };

  return {
    poke(broadcastIds) {
      for (const id of broadcastIds) dirty.add(id);
      schedule();
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      if (dirty.size > 0) await run();
    },
  };
}
