import type { Db, DbOrTx } from '../db/client.ts';
import { dueScheduledBroadcasts, finishBroadcastIfDone, runningBroadcasts } from '../src/broadcasts/index.ts';
import { pruneExpiredPhoneVerifications } from '../src/customers/phone-verification.ts';
import type { Logger } from '../src/logger.ts';
import type { NotifierOn } from '../src/messaging/notifications.ts';
import type { NotifyResult } from '../src/messaging/notifier-kit.ts';
import type { Notifier } from '../src/messaging/notifier.ts';
import {
  claimDueRatingRequests,
  claimDueReminders,
  claimStaleProofs,
  creditMissedCompletions,
  expireOverdueHolds,
} from '../src/reservations/index.ts';
import { fanoutJobId } from './broadcast/fanout.ts';
import { resumeFanouts } from './outbox/reconcile.ts';
import { type CareSweep, careSweeps, jobRegistry, type Queues } from './queues.ts';

export interface CareDeps {
  db: Db;
  queues: Queues;
  /** The notifier on the claim's transaction: a booking's claim and its message commit together. */
  notifierOn: NotifierOn;
  log: Logger;
  timeZone: string;
}

/**
 * One scheduled sweep. The domain's claims (UPDATE … RETURNING on a flag or status) make each
 * reservation come back once, so a sweep run twice, or by two workers at once, acts once. A claim and
 * the messages it owes are written in one transaction: both land, or neither does and the next sweep
 * tries again. Returns how many rows it acted on.
 */
export async function runCareSweep(
  deps: CareDeps,
  sweep: CareSweep,
  now: Date = new Date(),
): Promise<number> {
  const { db, log } = deps;
  /** Claims rows and tells each customer, in one transaction. */
  const claimAndTell = (
    claim: (tx: DbOrTx) => Promise<{ id: number }[]>,
    tell: (notifier: Notifier, id: number) => Promise<NotifyResult | NotifyResult[]>,
  ) =>
    db.transaction(async (tx) => {
      const notifier = deps.notifierOn(tx);
      const claimed = await claim(tx);
      for (const { id } of claimed) await tell(notifier, id);
      return claimed.length;
    });
  switch (sweep) {
    case 'expireHolds':
      return claimAndTell(
        (tx) => expireOverdueHolds(tx, now),
        (notifier, id) => notifier.notifyExpired(id),
      );
    case 'reminders':
      return claimAndTell(
        (tx) => claimDueReminders(tx, now, { timeZone: deps.timeZone }),
        (notifier, id) => notifier.remindTomorrow(id),
      );
    case 'ratings':
      return claimAndTell(
        (tx) => claimDueRatingRequests(tx, now),
        (notifier, id) => notifier.requestRating(id),
      );
    case 'completions':
      return claimAndTell(
        (tx) => creditMissedCompletions(tx),
        (notifier, id) => notifier.notifyCompletion(id),
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
      { jobId: fanoutJobId(campaign) },
    );
    acted += 1;
  }
  acted += await resumeFanouts(deps);
  for (const campaign of await runningBroadcasts(deps.db)) {
    if (campaign.fannedOutAt && (await finishBroadcastIfDone(deps.db, campaign.id, now))) acted += 1;
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
