import type { Db } from '../db/client.ts';
import type { Channel } from '../db/schema/index.ts';
import type { Logger } from '../src/logger.ts';
import type { ChannelSender } from '../src/messaging/delivery.ts';
import { type NotifierOn, notifierOn } from '../src/messaging/notifications.ts';
import { createBroadcastControl, type BroadcastControl } from './broadcast/control.ts';
import { runFanout } from './broadcast/fanout.ts';
import { runCareSweep, scheduleCare } from './care.ts';
import type { Limiter } from './worker-kit.ts';
import { startOutboundWorker } from './outbound.ts';
import { createOutboxRelay, type OutboxRelay } from './outbox/relay.ts';
import { type ReconcileReport, reconcileOutbox } from './outbox/reconcile.ts';
import type { Queues } from './queues.ts';
import { parseJob, type StartedWorker, startWorker, type WorkerContext } from './worker-kit.ts';

/** A channel's sender (bots/<channel>/sender.ts, handed over by main) and the pace it runs at. */
export interface SenderRun {
  sender: ChannelSender;
  limiter: Limiter;
  pacePerSecond?: number;
  concurrency?: number;
  pauseAfterSend?: () => number;
}

export interface WorkersOptions {
  db: Db;
  /** The producer side; workers use its Redis URL and prefix for their own connections. */
  queues: Queues;
  log: Logger;
  /** The studio's zone (config.timeZone), for reminder timing and dates in messages. */
  timeZone: string;
  /** The senders this process runs (Telegram, web); WhatsApp's runs in the WhatsApp process. */
  senders?: readonly SenderRun[];
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
  /** The outbox relay's poll (ms); `false` for a process that must not hand rows to Redis. */
  relay?: { pollMs?: number } | false;
  /**
   * The reconcile pass: every `everyMs` (30 s) and at each Redis (re)connect, puts back what Postgres
   * owes and Redis lost, and declares the care schedules again. `staleMs`: see ReconcileDeps.
   */
  reconcile?: { everyMs?: number; staleMs?: number } | false;
  /** Tests shorten these so a killed worker's jobs come back quickly (BullMQ defaults: 30 s each). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface RunningWorkers {
  readonly workers: readonly StartedWorker[];
  /** The notifier on a transaction, its rows noticed at once by this process's relay. */
  readonly notifierOn: NotifierOn;
  readonly relay: OutboxRelay | undefined;
  /** One reconcile pass now (also run on its timer and at each Redis reconnect). */
  reconcile(staleMs?: number): Promise<ReconcileReport>;
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
  const served = options.servedChannels ? { servedChannels: options.servedChannels } : {};
  const relay =
    options.relay === false
      ? undefined
      : createOutboxRelay({
          db,
          queues,
          log: log.child({ part: 'outbox-relay' }),
          ...served,
          ...options.relay,
        });
  const notifiers = notifierOn({
    ...(options.servedChannels ? { channels: options.servedChannels } : {}),
    ...(relay ? { wake: relay.wake } : {}),
    timeZone: options.timeZone,
  });
  const broadcasts = createBroadcastControl({ db, queues });
  const lock = { lockDuration: options.lockDurationMs, stalledInterval: options.stalledIntervalMs };
  const workers: StartedWorker[] = [];

  for (const run of options.senders ?? []) {
    workers.push(startOutboundWorker({ ...context, ...lock, db, ...run }));
  }
  if (options.broadcasts ?? true) {
    workers.push(
      startWorker(
        context,
        'broadcasts',
        (job, jobLog, token) =>
          runFanout(
            { db, queues, ...served },
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
    const careDeps = { db, queues, notifierOn: notifiers, log, timeZone: options.timeZone };
    await scheduleCare(queues, options.care ?? {}).catch((error) =>
      log.warn({ err: error }, 'could not declare the care schedules yet; the reconcile pass will'),
    );
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

  const reconcileOptions = options.reconcile === false ? undefined : (options.reconcile ?? {});
  const reconcileLog = log.child({ part: 'reconcile' });
  let reconciling: Promise<ReconcileReport> | undefined;
  /**
   * `staleMs`: rows younger than this are left to the relay. Right after a (re)connect every row is
   * checked (0): a job lost with the old Redis may be seconds old, and adding it again is harmless
   * because a job that still exists keeps its id and is not added twice.
   */
  const reconcile = (staleMs = reconcileOptions?.staleMs): Promise<ReconcileReport> => {
    reconciling ??= (async () => {
      // Schedules first: a flushed Redis also lost the sweeps that expire holds and send reminders.
      if (options.care !== false) await scheduleCare(queues, options.care ?? {});
      return reconcileOutbox({
        db,
        queues,
        log: reconcileLog,
        ...(staleMs !== undefined ? { staleMs } : {}),
      });
    })().finally(() => {
      reconciling = undefined;
    });
    return reconciling;
  };
  const reconcileQuietly = (staleMs?: number) => {
    if (!queues.connected()) return;
    reconcile(staleMs).catch((error) =>
      reconcileLog.warn({ err: error }, 'reconcile pass failed; next pass retries'),
    );
  };
  const timer = reconcileOptions
    ? setInterval(() => reconcileQuietly(), reconcileOptions.everyMs ?? 30_000)
    : undefined;
  const stopListening = reconcileOptions ? queues.onReady(() => reconcileQuietly(0)) : undefined;
  if (reconcileOptions) reconcileQuietly(0);

  return {
    workers,
    notifierOn: notifiers,
    relay,
    reconcile,
    broadcasts,
    async close() {
      if (timer) clearInterval(timer);
      stopListening?.();
      await reconciling?.catch(() => undefined);
      await relay?.close();
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
