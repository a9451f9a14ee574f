/**
 * Potret as `npm start` runs it, for the notification bench: the workers (outbox relay, reconcile pass,
 * Telegram sender) and the admin's staff confirmations in one process, so each message's row wakes this
 * process's relay. Relay and reconcile keep the product's defaults (250 ms poll, 30 s pass).
 * IPC: { cmd: 'confirm', reservationIds, perSecond } answers { commits }; { cmd: 'usage' } answers
 * the process's CPU time and what it logged since the last ask, tallied; { cmd: 'stop' } ends it.
 */
import pino from 'pino';
import { openDatabase } from '../../db/client.ts';
import { telegramRun } from '../../tests/helpers/senders.ts';
import { createQueues } from '../../workers/queues.ts';
import { createWorkers } from '../../workers/workers.ts';
import { confirmAtRate } from './confirm.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

/** Log lines tallied by level and message: while Redis is away BullMQ's workers say so every few 100 ms. */
const logged = new Map<string, number>();
const tally = {
  write(line: string) {
    const entry = JSON.parse(line) as {
      level: number;
      msg?: string;
      err?: { message?: string };
      requeued?: number;
    };
    const why = entry.err?.message ? `: ${entry.err.message.slice(0, 60)}` : '';
    const requeued = entry.requeued ? ` (requeued ${entry.requeued})` : '';
    const key = `${pino.levels.labels[entry.level]} '${entry.msg}'${why}${requeued}`;
    logged.set(key, (logged.get(key) ?? 0) + 1);
  },
};

const database = await openDatabase({ kind: 'url', url: env('BENCH_DATABASE_URL') });
const queues = createQueues({ redisUrl: env('BENCH_REDIS_URL'), prefix: env('BENCH_PREFIX') });
const workers = await createWorkers({
  db: database.db,
  queues,
  log: pino({ level: 'warn' }, tally),
  timeZone: 'Asia/Jakarta',
  servedChannels: ['web', 'telegram'],
  senders: [
    telegramRun({
      db: database.db,
      token: env('BENCH_TG_TOKEN'),
      apiRoot: env('BENCH_TG_API_ROOT'),
      ratePerSecond: Number(env('BENCH_TG_RATE')),
    }),
  ],
  care: false,
});

process.on('message', async (message: { cmd: string; reservationIds?: number[]; perSecond?: number }) => {
  if (message.cmd === 'confirm') {
    const commits = await confirmAtRate({
      db: database.db,
      notifierOn: workers.notifierOn,
      staffId: Number(env('BENCH_STAFF_ID')),
      reservationIds: message.reservationIds ?? [],
      perSecond: message.perSecond ?? 50,
    });
    process.send?.({ commits });
  } else if (message.cmd === 'usage') {
    // CPU time in microseconds.
    const usage = process.resourceUsage();
    process.send?.({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, logged: [...logged] });
    logged.clear();
  } else if (message.cmd === 'stop') {
    await workers.close();
    await queues.close();
    await database.close();
    process.exit(0);
  }
});
process.send?.({ ready: true });
