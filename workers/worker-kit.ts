import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from '../src/logger.ts';
import { type JobName, type JobPayload, jobRegistry, type QueueName } from './queues.ts';
import { createRedis } from './redis.ts';

export interface WorkerContext {
  redisUrl: string;
  /** BullMQ key prefix; the same as the queues'. */
  prefix: string;
  log: Logger;
}

export interface Limiter {
  /** Jobs per window. */
  max: number;
  /** Window length in ms. */
  duration: number;
}

export interface StartedWorker {
  readonly name: QueueName;
  readonly worker: Worker;
  /** Stops taking jobs, waits for the ones in hand, then quits its Redis connection. */
  close(): Promise<void>;
}

/** `token` is the job's lock token, for moveToDelayed and friends. */
export type JobHandler = (job: Job, log: Logger, token: string | undefined) => Promise<unknown>;

/**
 * A BullMQ worker on one queue with the house rules: a child logger per job (jobId, job name, attempt),
 * `error` always handled, failures logged, its own Redis connection quit on close.
 */
export function startWorker(
  context: WorkerContext,
  queue: QueueName,
  handle: JobHandler,
  options: { concurrency?: number; limiter?: Limiter; lockDuration?: number; stalledInterval?: number } = {},
): StartedWorker {
  const connection = createRedis(context.redisUrl);
  connection.on('error', () => {});
  const log = context.log.child({ queue });
  const worker = new Worker(
    queue,
    (job, token) =>
      handle(job, log.child({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 }), token),
    {
      connection,
      prefix: context.prefix,
      concurrency: options.concurrency ?? 1,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
      ...(options.stalledInterval ? { stalledInterval: options.stalledInterval } : {}),
    },
  );
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    log[final ? 'error' : 'warn'](
      { jobId: job.id, job: job.name, attempt: job.attemptsMade, err: error },
      final ? 'job failed for good' : 'job failed; will retry',
    );
  });
  return {
    name: queue,
    worker,
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** Checks the job is `name` and re-validates its payload; a malformed job can never succeed. */
export function parseJob<N extends JobName>(name: N, job: Job): JobPayload<N> {
  if (job.name !== name) throw new UnrecoverableError(`unexpected job ${job.name} on the ${name} queue`);
  const parsed = jobRegistry[name].schema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${name} payload: ${parsed.error.message}`);
  return parsed.data as JobPayload<N>;
}
