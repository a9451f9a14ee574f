import { type Job, type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { deliveryJobSchema, type EnqueueOptions } from '../src/messaging/delivery.ts';
import { createRedis } from './redis.ts';

/**
 * Every job the workers run: its name, its queue, the zod schema of its payload and its options, in one
 * registry. `enqueue(name, payload)` is typed from it; processors re-validate the payload.
 */

const queueNames = [
  'outbound-telegram',
  'outbound-whatsapp',
  'outbound-web',
  'broadcasts',
  'care',
] as const;
export type QueueName = (typeof queueNames)[number];

export const careSweeps = [
  'expireHolds',
  'reminders',
  'ratings',
  'completions',
  'staleProofs',
  'broadcasts',
  'phoneCodes',
] as const;
export type CareSweep = (typeof careSweeps)[number];

const DAY_S = 86_400;

/** Sent messages are kept a day, so a deterministic id still dedupes a repeat within that day. */
const outbound = {
  attempts: 8,
  // 2 s, 4 s, 8 s … ~4 min at the 8th attempt: rides out a Telegram hiccup without giving up.
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: DAY_S, count: 50_000 },
  removeOnFail: { age: 7 * DAY_S, count: 10_000 },
} as const satisfies JobsOptions;

export const jobRegistry = {
  'outbound.telegram': { queue: 'outbound-telegram', schema: deliveryJobSchema, options: outbound },
  'outbound.whatsapp': {
    queue: 'outbound-whatsapp',
    schema: deliveryJobSchema,
    // The WhatsApp client may be reconnecting for minutes: fewer, slower attempts (1 min, 2 min, … 16 min).
    options: { ...outbound, attempts: 5, backoff: { type: 'exponential', delay: 60_000 } },
  },
  'outbound.web': { queue: 'outbound-web', schema: deliveryJobSchema, options: { ...outbound, attempts: 5 } },
  'broadcast.fanout': {
    queue: 'broadcasts',
    schema: z.object({ broadcastId: z.number().int().positive() }),
    // Fan-out is idempotent (ON CONFLICT, deterministic send ids), so retrying it is always safe.
    options: {
      attempts: 10,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { age: 7 * DAY_S },
      removeOnFail: { age: 30 * DAY_S },
    },
  },
  'care.sweep': {
    queue: 'care',
    schema: z.object({ sweep: z.enum(careSweeps) }),
    // A failed sweep runs again at the next tick anyway.
    options: {
      attempts: 2,
      backoff: { type: 'fixed', delay: 10_000 },
      removeOnComplete: { count: 200 },
      removeOnFail: { count: 500 },
    },
  },
} as const satisfies Record<string, { queue: QueueName; schema: z.ZodType; options: JobsOptions }>;

export type JobName = keyof typeof jobRegistry;
export type JobInput<N extends JobName> = z.input<(typeof jobRegistry)[N]['schema']>;
export type JobPayload<N extends JobName> = z.output<(typeof jobRegistry)[N]['schema']>;

export interface QueuesOptions {
  redisUrl: string;
  /** BullMQ key prefix; tests pass uniqueQueuePrefix(). */
  prefix: string;
}

export interface Queues {
  readonly prefix: string;
  readonly redisUrl: string;
  queue(name: QueueName): Queue;
  all(): Queue[];
  enqueue<N extends JobName>(name: N, payload: JobInput<N>, options?: EnqueueOptions): Promise<Job>;
  enqueueBulk<N extends JobName>(
    name: N,
    items: { payload: JobInput<N>; options?: EnqueueOptions }[],
  ): Promise<Job[]>;
  /** True while the shared connection is up: the relay skips a pass rather than pile up offline commands. */
  connected(): boolean;
  /** Called on every (re)connect of the shared connection: the reconcile pass runs then. */
  onReady(listener: () => void): () => void;
  /** Whether each job still exists in Redis, and how the finished ones ended (one round trip). */
  jobStates(queue: QueueName, jobIds: string[]): Promise<JobPresence[]>;
  close(): Promise<void>;
}

/** A job as Redis still holds it: gone, waiting or running, or finished (with the last error if it failed). */
export type JobPresence =
  | { present: false }
  | { present: true; finished: false }
  | { present: true; finished: true; failedReason: string | undefined };

/** The producer side: one shared Redis connection for every queue, quit on close(). */
export function createQueues(options: QueuesOptions): Queues {
  const connection: Redis = createRedis(options.redisUrl);
  connection.on('error', () => {
    // ioredis reconnects by itself; the queue calls fail meanwhile and their callers see it.
  });
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName): Queue => {
    let existing = queues.get(name);
    if (!existing) {
      existing = new Queue(name, { connection, prefix: options.prefix });
      existing.on('error', () => {});
      queues.set(name, existing);
    }
    return existing;
  };
  const jobOptions = <N extends JobName>(name: N, extra: EnqueueOptions | undefined): JobsOptions => ({
    ...jobRegistry[name].options,
    ...(extra?.jobId ? { jobId: extra.jobId } : {}),
    ...(extra?.delay ? { delay: Math.max(0, Math.round(extra.delay)) } : {}),
    ...(extra?.priority ? { priority: extra.priority } : {}),
    ...(extra?.removeOnComplete ? { removeOnComplete: true } : {}),
  });
  return {
    prefix: options.prefix,
    redisUrl: options.redisUrl,
    queue,
    all: () => queueNames.map(queue),
    async enqueue(name, payload, extra) {
      const data = jobRegistry[name].schema.parse(payload);
      return queue(jobRegistry[name].queue).add(name, data, jobOptions(name, extra));
    },
    async enqueueBulk(name, items) {
      const target = queue(jobRegistry[name].queue);
      const jobs: Job[] = [];
      // Chunks of 1,000: one round trip each, without building one huge MULTI.
      for (let start = 0; start < items.length; start += 1000) {
        const chunk = items.slice(start, start + 1000).map((item) => ({
          name,
          data: jobRegistry[name].schema.parse(item.payload),
          opts: jobOptions(name, item.options),
        }));
        jobs.push(...(await target.addBulk(chunk)));
      }
      return jobs;
    },
    connected: () => connection.status === 'ready',
    onReady(listener) {
      connection.on('ready', listener);
      return () => void connection.off('ready', listener);
    },
    async jobStates(name, jobIds) {
      if (jobIds.length === 0) return [];
      const target = queue(name);
      const pipeline = connection.pipeline();
      for (const id of jobIds) pipeline.hmget(target.toKey(id), 'finishedOn', 'failedReason', 'timestamp');
      const results = (await pipeline.exec()) ?? [];
      return results.map(([error, value]): JobPresence => {
        if (error) throw error;
        const [finishedOn, failedReason, timestamp] = value as (string | null)[];
        if (!timestamp) return { present: false };
        if (!finishedOn) return { present: true, finished: false };
        return { present: true, finished: true, failedReason: failedReason ?? undefined };
      });
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
