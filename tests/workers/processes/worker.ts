/**
 * A worker process for the crash test: the product's workers against a test database and queue
 * prefix given in the environment. Prints "ready" once consuming; the test kills it with SIGKILL.
 */
import pino from 'pino';
import { openDatabase } from '../../../db/client.ts';
import { createQueues } from '../../../workers/queues.ts';
import { telegramRun } from '../../helpers/senders.ts';
import { createWorkers } from '../../../workers/workers.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const database = await openDatabase({ kind: 'url', url: env('WORKER_DATABASE_URL') }, { max: 10 });
const queues = createQueues({ redisUrl: env('WORKER_REDIS_URL'), prefix: env('WORKER_PREFIX') });
const workers = await createWorkers({
  db: database.db,
  queues,
  log: pino({ level: process.env.WORKER_LOG_LEVEL ?? 'silent' }),
  timeZone: 'Asia/Jakarta',
  senders: [
    telegramRun({
      db: database.db,
      token: env('WORKER_TG_TOKEN'),
      apiRoot: env('WORKER_TG_API_ROOT'),
      ratePerSecond: Number(env('WORKER_TG_RATE')),
      concurrency: Number(process.env.WORKER_TG_CONCURRENCY ?? 10),
    }),
  ],
  care: false,
  // A killed process's jobs come back after ~2 s instead of BullMQ's default 30 s.
  lockDurationMs: 2000,
  stalledIntervalMs: 1000,
});
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  await workers.close();
  await queues.close();
  await database.close();
  process.exit(0);
});
