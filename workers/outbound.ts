import { UnrecoverableError, Worker } from 'bullmq';
import type { Db } from '../db/client.ts';
import { markRecipient } from '../src/broadcasts/recipients.ts';
import { markIdentityUnreachable } from '../src/customers/identities.ts';
import {
  type ChannelSender,
  DeliveryRateLimitedError,
  DeliveryRejectedError,
  deliveryJobNames,
  RecipientBlockedError,
} from '../src/messaging/delivery.ts';
import { createBroadcastFinisher } from './broadcast/finisher.ts';
import { createRecipientBook } from './broadcast/recipients.ts';
import { createOutboxBook } from './outbox/book.ts';
import { createPacer } from './pacer.ts';
import type { QueueName } from './queues.ts';
import { createRedis } from './redis.ts';
import { type Limiter, parseJob, type StartedWorker, startWorker, type WorkerContext } from './worker-kit.ts';

export interface OutboundWorkerOptions extends WorkerContext {
  db: Db;
  sender: ChannelSender;
  /** From config: pacedLimiter(TELEGRAM_RATE_PER_SECOND), whatsappPacing(…).limiter, … */
  limiter: Limiter;
  /**
   * Sends per second spaced evenly across processes (a Redis slot clock, see pacer.ts). Set it with a
   * looser `limiter` as a guard: the limiter alone bunches or under-delivers.
   */
  pacePerSecond?: number;
  /** Jobs in hand at once; enough to keep the limiter busy while HTTP calls are in flight. */
  concurrency?: number;
  /** Milliseconds the whole queue pauses after each delivered message (WhatsApp's random spacing). */
  pauseAfterSend?: () => number;
  /** Lock and stalled-check periods in ms (BullMQ defaults 30 s); tests shorten them. */
  lockDuration?: number;
  stalledInterval?: number;
}

/**
 * Consumes one channel's outbound queue through its sender, within the limiter.
 * - The platform's 429: the whole queue waits retry_after, then the same job runs again (no attempt spent).
 * - 403 / account gone: the identity is marked unreachable (broadcasts skip it), no retry.
 * - A refused message (bad request): no retry.
 * - Anything else (5xx, network): exponential backoff per the job's options.
 * An outbox row's message and a campaign's message first check their row, so a job repeated after a
 * crash, a re-queue by the reconcile pass, a re-run fan-out or a cancel does not send again; only
 * messages in flight at a crash can go twice. The outcome (sent with the platform's message id,
 * blocked, failed with the reason) is written to the row before the job completes.
 * Campaigns whose recipient rows change are handed to a finisher, which completes those with nothing
 * left pending.
 */
export function startOutboundWorker(options: OutboundWorkerOptions): StartedWorker {
  const channel = options.sender.channel;
  const jobName = deliveryJobNames[channel];
  const finisher = createBroadcastFinisher(options.db, options.log);
  const recipients = createRecipientBook(options.db, { onSettled: finisher.poke });
  const rows = createOutboxBook(options.db);
  let worker: Worker | undefined;
  const pacerRedis = options.pacePerSecond ? createRedis(options.redisUrl) : undefined;
  pacerRedis?.on('error', () => {});
  const pacer = pacerRedis
    ? createPacer(pacerRedis, `${options.prefix}:pace:outbound-${channel}`, options.pacePerSecond!)
    : undefined;

  const started = startWorker(
    options,
    `outbound-${channel}` satisfies QueueName,
    async (job, log) => {
      const payload = parseJob(jobName, job);
      const campaign = payload.broadcast;
      const rowId = payload.outboxId;
      if (rowId) {
        const state = await rows.state(rowId);
        // Settled already (a job run again after a crash, or re-queued by reconcile meanwhile): not again.
        if (state !== 'queued' && state !== 'pending') {
          log.debug({ outboxId: rowId, state }, 'outbox row already settled; not sending');
          return { sent: false, status: state };
        }
      }
      if (campaign) {
        const state = await recipients.state(campaign);
        if (state.status !== 'pending') {
          log.debug({ recipient: state }, 'campaign message already settled; not sending');
          return { sent: false, status: state.status };
        }
        if (state.broadcastStatus === 'cancelled' || !state.optedIn) {
          const error = state.optedIn ? 'cancelled' : 'opted_out';
          await markRecipient(options.db, { ...campaign, status: 'skipped', error });
          // It may have been the campaign's last pending row: the finisher completes it now, not the
          // care sweep a minute later.
          finisher.poke([campaign.broadcastId]);
          return { sent: false, status: 'skipped', error };
        }
      }
      try {
        await pacer?.wait();
        const receipt = await options.sender.deliver(
          { externalId: payload.externalId, customerId: payload.customerId },
          payload.message,
        );
        if (campaign) await recipients.record(campaign, 'sent');
        if (rowId) await rows.record(rowId, 'sent', receipt.messageRef ? { platformMessageId: receipt.messageRef } : {});
        const pause = options.pauseAfterSend?.();
        if (pause && worker) await worker.rateLimit(pause);
        log.debug({ kind: payload.kind, customerId: payload.customerId, outboxId: rowId }, 'delivered');
        return { sent: true, ...receipt };
      } catch (error) {
        if (error instanceof DeliveryRateLimitedError) {
          log.warn({ retryAfterMs: error.retryAfterMs }, 'platform rate limit; pausing the queue');
          if (worker) await worker.rateLimit(error.retryAfterMs);
          await pacer?.pushBack(error.retryAfterMs);
          throw Worker.RateLimitError();
        }
        if (error instanceof RecipientBlockedError) {
          await markIdentityUnreachable(options.db, channel, payload.externalId);
          if (campaign) await recipients.record(campaign, 'blocked', error.message);
          if (rowId) await rows.record(rowId, 'blocked', { error: error.message });
          log.info({ customerId: payload.customerId, outboxId: rowId }, 'recipient unreachable; identity marked');
          throw new UnrecoverableError(error.message);
        }
        if (error instanceof DeliveryRejectedError) {
          if (campaign) await recipients.record(campaign, 'failed', error.message);
          if (rowId) await rows.record(rowId, 'failed', { error: error.message });
          throw new UnrecoverableError(error.message);
        }
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (campaign && lastAttempt) await recipients.record(campaign, 'failed', describe(error));
        if (rowId && lastAttempt) await rows.record(rowId, 'failed', { error: describe(error) });
        throw error;
      }
    },
    {
      concurrency: options.concurrency ?? 20,
      limiter: options.limiter,
      lockDuration: options.lockDuration,
      stalledInterval: options.stalledInterval,
    },
  );
  worker = started.worker;
  return {
    ...started,
    async close() {
      await started.close();
      await recipients.flush();
      await rows.flush();
      await finisher.close();
      await pacerRedis?.quit().catch(() => pacerRedis.disconnect());
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500);
}
