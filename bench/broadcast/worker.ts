/**
 * The product's workers in their own process for the broadcast bench. Reports its peak RSS over IPC
 * ({ cmd: 'rss' }) and stops on { cmd: 'stop' }.
 */
import pino from 'pino';
import { openDatabase } from '../../db/client.ts';
import { createQueues } from '../../workers/queues.ts';
import { telegramRun } from '../../tests/helpers/senders.ts';
import { createWorkers } from '../../workers/workers.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const database = await openDatabase({ kind: 'url', url: env('BENCH_DATABASE_URL') }, { max: 10 });
const queues = createQueues({ redisUrl: env('BENCH_REDIS_URL'), prefix: env('BENCH_PREFIX') });
const workers = await createWorkers({
  db: database.db,
  queues,
  log: pino({ level: 'warn' }),
  timeZone: 'Asia/Jakarta',
  senders: [
    telegramRun({
      db: database.db,
      token: env('BENCH_TG_TOKEN'),
      apiRoot: env('BENCH_TG_API_ROOT'),
      ratePerSecond: Number(env('BENCH_TG_RATE')),
      concurrency: Number(env('BENCH_TG_CONCURRENCY')),
    }),
  ],
  care: false,
});

process.on('message', async (message: { cmd: string }) => {
  if (message.cmd === 'rss') {
    // maxRSS is in kilobytes; CPU time in microseconds.
    const usage = process.resourceUsage();
    process.send?.({
      peakRssMb: usage.maxRSS / 1024,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    });
  } else if (message.cmd === 'stop') {
    await workers.close();
    await queues.close();
    await database.close();
    process.exit(0);
  }
});
process.send?.({ ready: true });
