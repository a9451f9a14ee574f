import type { Db } from '../../db/client.ts';
import { type Broadcast, cancelBroadcast, getBroadcast, listRecipients } from '../../src/broadcasts/index.ts';
import { AppError } from '../../src/errors.ts';
import { deliveryJobNames } from '../../src/messaging/delivery.ts';
import { jobRegistry, type Queues } from '../queues.ts';
import { withTimeout } from '../outbox/timeout.ts';
import { fanoutJobId } from './fanout.ts';

/** A staff click waits at most this long (ms) for Redis; past it the reconcile pass queues the fan-out. */
const REDIS_WAIT_MS = 2_000;

export interface BroadcastControl {
  /**
   * Queues the campaign's fan-out: now for a draft, at scheduledAt for a scheduled one (a delayed job;
   * the care sweep also starts due campaigns, so a lost job only costs a minute). Calling it again is
   * harmless: the fan-out's job id is fixed per campaign. With Redis away it answers `queued: false`
   * within 2 s, and the reconcile pass queues the fan-out once Redis is back.
   */
  start(broadcastId: number, now?: Date): Promise<{ jobId: string; runsAt: Date; queued: boolean }>;
  /**
   * Cancels: the campaign becomes cancelled and its pending recipients 'skipped' with error 'cancelled'
   * (src/broadcasts cancelBroadcast), then the queued sends are removed so they do not hold the
   * channel's rate limit. A send already in flight may still go out; its row then says 'sent'.
   */
  cancel(broadcastId: number): Promise<{ broadcast: Broadcast; removedJobs: number }>;
}

export function createBroadcastControl(deps: { db: Db; queues: Queues }): BroadcastControl {
  return {
    async start(broadcastId, now = new Date()) {
      const campaign = await getBroadcast(deps.db, broadcastId);
      if (campaign.status === 'cancelled' || campaign.status === 'completed') {
        throw new AppError('BROADCAST_NOT_EDITABLE', `broadcast is ${campaign.status}`);
      }
      const at = campaign.status === 'scheduled' && campaign.scheduledAt ? campaign.scheduledAt : now;
      const delay = Math.max(0, at.getTime() - now.getTime());
      const jobId = fanoutJobId(campaign);
      const queued = await withTimeout(
        deps.queues.enqueue('broadcast.fanout', { broadcastId }, { jobId, delay }),
        REDIS_WAIT_MS,
        'queueing the fan-out',
      ).then(
        () => true,
        () => false,
      );
      return { jobId, runsAt: new Date(now.getTime() + delay), queued };
    },

    async cancel(broadcastId) {
      const broadcast = await cancelBroadcast(deps.db, broadcastId);
      // The sends check their row before sending, so queued jobs left behind (Redis away) send nothing:
      // removing them only frees the channel's rate limit sooner, and is not worth a hanging page.
      if (!deps.queues.connected()) return { broadcast, removedJobs: 0 };
      const removedJobs = await withTimeout(removeQueuedSends(deps, broadcast), 10_000, 'removing sends').catch(
        () => 0,
      );
      return { broadcast, removedJobs };
    },
  };
}

async function removeQueuedSends(deps: { db: Db; queues: Queues }, broadcast: Broadcast): Promise<number> {
  await deps.queues
    .queue(jobRegistry['broadcast.fanout'].queue)
    .remove(fanoutJobId(broadcast))
    .catch(() => 0);
  let removedJobs = 0;
  let after = 0;
  for (;;) {
    const page = await listRecipients(deps.db, broadcast.id, {
      status: 'skipped',
      afterCustomerId: after,
      limit: 2000,
    });
    if (page.length === 0) break;
    after = page.at(-1)!.customerId;
    const cancelled = page.filter((row) => row.error === 'cancelled' && row.channel);
    // 100 removals at a time: each is one small script on Redis.
    for (let start = 0; start < cancelled.length; start += 100) {
      const results = await Promise.all(
        cancelled.slice(start, start + 100).map((row) =>
          deps.queues
            .queue(jobRegistry[deliveryJobNames[row.channel!]].queue)
            .remove(row.uid)
            .catch(() => 0),
        ),
      );
      removedJobs += results.reduce<number>((sum, n) => sum + n, 0);
    }
  }
  return removedJobs;
}
