import type { Db } from '../../db/client.ts';
import type { Channel } from '../../db/schema/index.ts';
import { getBroadcast } from '../../src/broadcasts/campaigns.ts';
import {
  campaignsAwaitingFanout,
  markBroadcastsResumed,
  owedRecipients,
} from '../../src/broadcasts/send-path.ts';
import type { Logger } from '../../src/logger.ts';
import { deliveryJobNames } from '../../src/messaging/delivery.ts';
import {
  markRequeued,
  type OwedMessage,
  queuedMessagesOlderThan,
  settleOutboxRows,
} from '../../src/messaging/outbox-store.ts';
import { fanoutJobId, queueSends } from '../broadcast/fanout.ts';
import { queueOutboxRows } from './queue-rows.ts';
import { jobRegistry, type Queues } from '../queues.ts';

export interface ReconcileDeps {
  db: Db;
  queues: Queues;
  log: Logger;
  /**
   * Milliseconds a row must have been queued before its job is looked for (30 s): younger rows may be
   * between the relay's claim and its hand-over.
   */
  staleMs?: number;
  now?: () => Date;
}

export interface ReconcileReport {
  /** Outbox rows whose job Redis had lost, queued again. */
  requeued: number;
  /** Outbox rows whose job had failed for good without the row saying so. */
  failed: number;
  /** Campaign recipients whose send Redis had lost, queued again. */
  recipients: number;
  /** Campaign fan-outs queued again. */
  fanouts: number;
}

/** Rows checked per round trip to Redis, and at most per pass (a long backlog is finished next pass). */
const PAGE = 1_000;
const MAX_PAGES = 50;

/**
 * Puts back into Redis what Postgres says is owed and Redis no longer holds: after Redis was flushed,
 * replaced or restarted empty, an enqueue that failed, or a crash between a claim and its hand-over.
 * Each job keeps its row's uuid as its id, so a job Redis still holds is never added twice.
 */
export async function reconcileOutbox(deps: ReconcileDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { requeued: 0, failed: 0, recipients: 0, fanouts: 0 };
  const staleMs = deps.staleMs ?? 30_000;
  await requeueOutboxRows(deps, staleMs, report);
  await requeueRecipients(deps, staleMs, report);
  await requeueFanouts(deps, report);
  if (report.requeued + report.failed + report.recipients + report.fanouts > 0)
    deps.log.warn({ ...report }, 'reconciled the queues with Postgres');
  return report;
}

async function requeueOutboxRows(deps: ReconcileDeps, staleMs: number, report: ReconcileReport) {
  let afterId = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const rows = await queuedMessagesOlderThan(deps.db, { olderThanMs: staleMs, afterId, limit: PAGE });
    if (rows.length === 0) return;
    afterId = rows.at(-1)!.id;
    const lost: OwedMessage[] = [];
    const failed: { id: number; error: string }[] = [];
    for (const [channel, mine] of groupBy(rows, (row) => row.channel)) {
      const states = await deps.queues.jobStates(
        jobRegistry[deliveryJobNames[channel]].queue,
        mine.map((row) => row.uid),
      );
      mine.forEach((row, index) => {
        const state = states[index]!;
        if (!state.present) lost.push(row);
        else if (state.finished && state.failedReason) failed.push({ id: row.id, error: state.failedReason });
      });
    }
    await queueOutboxRows(deps.queues, lost);
    await markRequeued(
      deps.db,
      lost.map((row) => row.id),
    );
    await settleOutboxRows(
      deps.db,
      failed.map((row) => ({ id: row.id, state: 'failed' as const, error: row.error })),
    );
    report.requeued += lost.length;
    report.failed += failed.length;
    if (rows.length < PAGE) return;
  }
}

async function requeueRecipients(deps: ReconcileDeps, staleMs: number, report: ReconcileReport) {
  let afterId = 0;
  const resumed = new Set<number>();
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const rows = await owedRecipients(deps.db, { olderThanMs: staleMs, afterId, limit: PAGE });
    if (rows.length === 0) break;
    afterId = rows.at(-1)!.id;
    const withChat = rows.filter((row) => row.channel && row.externalId);
    const lost: typeof rows = [];
    for (const [channel, mine] of groupBy(withChat, (row) => row.channel as Channel)) {
      const states = await deps.queues.jobStates(
        jobRegistry[deliveryJobNames[channel]].queue,
        mine.map((row) => row.uid),
      );
      mine.forEach((row, index) => {
        if (!states[index]!.present) lost.push(row);
      });
    }
    for (const [broadcastId, mine] of groupBy(lost, (row) => row.broadcastId)) {
      const campaign = await getBroadcast(deps.db, broadcastId);
      report.recipients += await queueSends(deps.queues, campaign, mine);
      resumed.add(broadcastId);
    }
    if (rows.length < PAGE) break;
  }
  await markBroadcastsResumed(deps.db, [...resumed], (deps.now ?? (() => new Date()))());
}

/** Queues the fan-out of each started campaign whose fan-out job is gone or ended without finishing. */
export async function resumeFanouts(deps: Pick<ReconcileDeps, 'db' | 'queues'>): Promise<number> {
  const report = { fanouts: 0 };
  await requeueFanouts(deps, report);
  return report.fanouts;
}

async function requeueFanouts(
  deps: Pick<ReconcileDeps, 'db' | 'queues'>,
  report: Pick<ReconcileReport, 'fanouts'>,
) {
  const queue = jobRegistry['broadcast.fanout'].queue;
  for (const campaign of await campaignsAwaitingFanout(deps.db)) {
    const jobId = fanoutJobId(campaign);
    const [state] = await deps.queues.jobStates(queue, [jobId]);
    if (state?.present && !state.finished) continue;
    // Finished without fanning out (failed for good), or lost with Redis: start it afresh.
    if (state?.present) await deps.queues.queue(queue).remove(jobId);
    await deps.queues.enqueue('broadcast.fanout', { broadcastId: campaign.id }, { jobId });
    report.fanouts += 1;
  }
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
