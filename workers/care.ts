import type { Db } from '../db/client.ts';
import { dueScheduledBroadcasts, finishBroadcastIfDone, runningBroadcasts } from '../src/broadcasts/index.ts';
import { pruneExpiredPhoneVerifications } from '../src/customers/phone-verification.ts';
import type { Logger } from '../src/logger.ts';
import type { Notifier, NotifyResult } from '../src/messaging/notifications.ts';
import {
  claimDueRatingRequests,
  claimDueReminders,
  claimStaleProofs,
  creditMissedCompletions,
  expireOverdueHolds,
} from '../src/reservations/index.ts';
import { fanoutJobId } from './broadcast/fanout.ts';
import { type CareSweep, careSweeps, jobRegistry, type Queues } from './queues.ts';

export interface CareDeps {
  db: Db;
  queues: Queues;
  notifier: Notifier;
  log: Logger;
  timeZone: string;
}

/**
 * One scheduled sweep. The domain's claims (UPDATE … RETURNING on a flag or status) make each
 * reservation come back once, so a sweep run twice, or by two workers at once, acts once; the
 * notifications carry deterministic job ids as a second guard. Returns how many rows it acted on.
 */
export async function runCareSweep(
  deps: CareDeps,
  sweep: CareSweep,
  now: Date = new Date(),
): Promise<number> {
  const { db, notifier, log } = deps;
  const tell = async (ids: number[], notify: (id: number) => Promise<NotifyResult | NotifyResult[]>) => {
    for (const id of ids) {
      try {
        await notify(id);
      } catch (error) {
        // The claim is already made: log and carry on with the others rather than retry the sweep.
        log.error({ err: error, sweep, reservationId: id }, 'could not queue the notification');
      }
    }
    return ids.length;
  };
  switch (sweep) {
    case 'expireHolds':
      return tell(
        (await expireOverdueHolds(db, now)).map((r) => r.id),
        notifier.notifyExpired,
      );
    case 'reminders':
      return tell(
        (await claimDueReminders(db, now, { timeZone: deps.timeZone })).map((r) => r.id),
        notifier.remindTomorrow,
      );
    case 'ratings':
      return tell(
        (await claimDueRatingRequests(db, now)).map((r) => r.id),
        notifier.requestRating,
      );
    case 'completions':
      return tell(
        (await creditMissedCompletions(db)).map((r) => r.id),
        (id) => notifier.notifyCompletion(id),
      );
    case 'staleProofs': {
      // The flag is what the admin dashboard shows; nothing goes to the customer.
      const stale = await claimStaleProofs(db, now);
      if (stale.length > 0)
        log.warn({ reservations: stale.map((r) => r.code) }, 'payment proofs waiting too long');
      return stale.length;
    }
    case 'broadcasts':
      return sweepBroadcasts(deps, now);
    case 'phoneCodes':
      // Spent phone-verification codes still hold a phone number and a chat id.
      return pruneExpiredPhoneVerifications(db, now);
  }
}

/** Starts due scheduled campaigns, resumes fan-outs whose job is gone, completes finished ones. */
async function sweepBroadcasts(deps: CareDeps, now: Date): Promise<number> {
  let acted = 0;
  for (const campaign of await dueScheduledBroadcasts(deps.db, now)) {
    await deps.queues.enqueue(
      'broadcast.fanout',
      { broadcastId: campaign.id },
      { jobId: fanoutJobId(campaign.id) },
    );
    acted += 1;
  }
  const fanouts = deps.queues.queue(jobRegistry['broadcast.fanout'].queue);
  for (const campaign of await runningBroadcasts(deps.db)) {
    if (campaign.fannedOutAt) {
      if (await finishBroadcastIfDone(deps.db, campaign.id, now)) acted += 1;
      continue;
    }
    const job = await fanouts.getJob(fanoutJobId(campaign.id));
    const state = job ? await job.getState() : 'missing';
    if (state === 'active' || state === 'waiting' || state === 'delayed' || state === 'prioritized') continue;
    // The fan-out's job finished without fanning out (failed for good, or removed): start it afresh.
    if (job) await job.remove().catch(() => undefined);
    await deps.queues.enqueue(
      'broadcast.fanout',
      { broadcastId: campaign.id },
      { jobId: fanoutJobId(campaign.id) },
    );
    deps.log.warn({ broadcastId: campaign.id, previous: state }, 'resumed a campaign fan-out');
    acted += 1;
  }
  return acted;
}

/** Sweeps nobody waits on run hourly (ms); the others every minute. */
const SLOW_SWEEPS: Partial<Record<CareSweep, number>> = { phoneCodes: 3_600_000 };

/** Every sweep as a BullMQ job scheduler; upserting on each start keeps one scheduler per sweep. */
export async function scheduleCare(queues: Queues, options: { everyMs?: number } = {}): Promise<void> {
  const queue = queues.queue(jobRegistry['care.sweep'].queue);
  for (const sweep of careSweeps) {
    await queue.upsertJobScheduler(
      `care-${sweep}`,
      { every: options.everyMs ?? SLOW_SWEEPS[sweep] ?? 60_000 },
      { name: 'care.sweep', data: { sweep }, opts: jobRegistry['care.sweep'].options },
    );
  }
}
