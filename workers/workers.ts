import type { Db } from '../db/client.ts';
import type { Channel } from '../db/schema/index.ts';
import type { Logger } from '../src/logger.ts';
import { createNotifier, type Notifier } from '../src/messaging/notifications.ts';
import { createOutbox, type Outbox } from '../src/messaging/outbox.ts';
import { createBroadcastControl, type BroadcastControl } from './broadcast/control.ts';
import { runFanout } from './broadcast/fanout.ts';
import { runCareSweep, scheduleCare } from './care.ts';
import { pacedLimiter, telegramPacing } from './limits.ts';
import { startOutboundWorker } from './outbound.ts';
import type { Queues } from './queues.ts';
import { createTelegramSender } from './senders/telegram.ts';
import { createWebSender } from './senders/web.ts';
import { parseJob, type StartedWorker, startWorker, type WorkerContext } from './worker-kit.ts';

export interface WorkersOptions {
  db: Db;
  /** The producer side; workers use its Redis URL and prefix for their own connections. */
  queues: Queues;
  log: Logger;
  /** The studio's zone (config.timeZone), for reminder timing and dates in messages. */
  timeZone: string;
  /** Runs the Telegram sender (any process may); omitted when no bot token is configured. */
  telegram?: { token: string; apiRoot: string; ratePerSecond: number; concurrency?: number };
  /** Stores web chat messages for /chat (default true). */
  web?: boolean;
  /** Campaign fan-out (default true). */
  broadcasts?: boolean;
  /**
   * Channels some process delivers on, for the fan-out and the outbox (see FanoutDeps.servedChannels,
   * OutboxDeps.channels); main passes
   * web + Telegram when it has a token + WhatsApp when enabled. All when omitted.
   */
  servedChannels?: readonly Channel[];
  /** Scheduled care: job schedulers plus their worker; `false` to leave it to another process. */
  care?: { everyMs?: number } | false;
  /** Tests shorten these so a killed worker's jobs come back quickly (BullMQ defaults: 30 s each). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface RunningWorkers {
  readonly workers: readonly StartedWorker[];
  readonly outbox: Outbox;
  readonly notifier: Notifier;
  readonly broadcasts: BroadcastControl;
  /** Finishes the jobs in hand, then closes every worker (not the queues, which the caller owns). */
  close(): Promise<void>;
}

/**
 * The worker role: consumers for the outbound queues this process serves, the campaign fan-out and the
 * scheduled care. The WhatsApp sender is not here: it runs inside the WhatsApp process, which owns the
 * client (bots/whatsapp starts it with startOutboundWorker).
 */
export async function createWorkers(options: WorkersOptions): Promise<RunningWorkers> {
  const { db, queues, log } = options;
  const context: WorkerContext = { redisUrl: queues.redisUrl, prefix: queues.prefix, log };
  const outbox = createOutbox({
    db,
    queues,
    ...(options.servedChannels ? { channels: options.servedChannels } : {}),
  });
  const notifier = createNotifier({ db, outbox, timeZone: options.timeZone });
  const broadcasts = createBroadcastControl({ db, queues });
  const lock = { lockDuration: options.lockDurationMs, stalledInterval: options.stalledIntervalMs };
  const workers: StartedWorker[] = [];

  if (options.telegram) {
    workers.push(
      startOutboundWorker({
        ...context,
        ...lock,
        db,
        sender: createTelegramSender({
          db,
          token: options.telegram.token,
          apiRoot: options.telegram.apiRoot,
        }),
        ...telegramPacing(options.telegram.ratePerSecond),
        // At 25/s and ~100 ms per Bot API call, 10 in hand keep the limiter busy; the bench lifts it.
        concurrency: options.telegram.concurrency ?? 10,
      }),
    );
  }
  if (options.web ?? true) {
    workers.push(
      startOutboundWorker({
        ...context,
        ...lock,
        db,
        sender: createWebSender({ db }),
        limiter: pacedLimiter(200),
        concurrency: 5,
      }),
    );
  }
  if (options.broadcasts ?? true) {
    workers.push(
      startWorker(
        context,
        'broadcasts',
        (job, jobLog, token) =>
          runFanout(
            { db, queues, ...(options.servedChannels ? { servedChannels: options.servedChannels } : {}) },
            job,
            token,
            parseJob('broadcast.fanout', job).broadcastId,
            jobLog,
          ),
        { concurrency: 2, ...lock },
      ),
    );
  }
  if (options.care !== false) {
    const careDeps = { db, queues, notifier, log, timeZone: options.timeZone };
    await scheduleCare(queues, options.care ?? {});
    workers.push(
      startWorker(
        context,
        'care',
        async (job, jobLog) => {
          const { sweep } = parseJob('care.sweep', job);
          const acted = await runCareSweep({ ...careDeps, log: jobLog }, sweep);
          if (acted > 0) jobLog.info({ sweep, acted }, 'care sweep acted');
          return { acted };
        },
        { concurrency: 1, ...lock },
      ),
    );
  }

  return {
    workers,
    outbox,
    notifier,
    broadcasts,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
