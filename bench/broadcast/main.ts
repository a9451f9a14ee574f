/**
 * Broadcast benchmark (issue 4). The emulator and the worker run in separate processes, on the real
 * Postgres and Redis; this process seeds, starts campaigns through the product's own control and reads
 * the figures:
 *
 *   1. bare BullMQ: 10,000 no-op jobs (addBulk, concurrency 50), jobs/s — the ceiling to compare with;
 *   2. 10,000 opted-in recipients, rate limit lifted: messages/s end to end (fan-out writes the recipient
 *      rows, each row's uuid the id of its job; the worker checks the row, sends over HTTP and writes the
 *      outcome to the row) — target ≥ 2,000/s since issue 11 (≥ 1,000/s in issue 4);
 *   3. the same kind of campaign at the default 25/s for 20 s against an emulator that answers 429
 *      above 30/s: achieved rate (target within 5%), 429s (target 0), busiest sliding second;
 *   and the worker process's peak RSS in each run.
 *
 * Run: npx tsx bench/broadcast/main.ts [--keep] [--lifted-only]
 *
 * Measured here after issue 11 (2 cores shared with other helpers' test runs, 2026-12-08). Bare BullMQ
 * ran at 820–5,900 jobs/s in these runs (the issue's 2,616 messages/s was 27.8 % of ~9,400), so the
 * 2,000/s target could not be shown today; the ratio and the worker's CPU per message are the figures
 * to compare. Before = 268e4b2 (the last tree before the outbox, campaign job ids `bc-<id>-<customer>`),
 * after = this tree (recipient-row uuids as job ids), lifted runs back to back:
 *   load 13–16 (04:13 UTC)   before 264 messages/s (22.2 % of bare), 0.84 ms CPU per message
 *                            after  254 messages/s (29.8 %), 0.74 ms
 *   load 3.5–4 (04:35 UTC)   before 1,373 (30.5 %), 0.65 ms; 1,000 (36.8 %), 0.76 ms
 *                            after    944 (38.7 %), 0.67 ms; 1,251 (25.2 %), 0.71 ms
 * Full runs (after): load 5 (04:34) 989/s (16.7 % of 5,919), 0.66 ms, 25/s limit −0.2 %, 0 × 429;
 * load 2 (04:39) 1,021/s (26.8 % of 3,813), 0.85 ms, 25/s limit +0.2 %, 0 × 429; load 12–14 (04:03)
 * 142/s (17.3 % of 821), 0.98 ms, 25/s limit −28 % (the worker starved), 0 × 429.
 * So the outbox left the campaign path's cost where it was. One worker process at 0.65–0.85 ms per
 * message tops out near 1,200–1,500/s; 2,000/s needs ≤ 0.5 ms, and 2,616/s implied ≤ 0.38 ms on a quiet
 * machine. Where its CPU goes (--cpu-prof, load 5, after the first send): the Bot API call (undici,
 * grammY, bots/telegram/http.ts) ~31 %, Redis (ioredis, BullMQ, msgpackr) ~28 %, Postgres (postgres.js,
 * drizzle, the recipient book's batched reads and writes) ~18 %, GC ~10 %.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { staffUsers } from '../../db/schema/index.ts';
import { createBroadcast, getBroadcast, recipientCounts } from '../../src/broadcasts/index.ts';
import { testServices } from '../../tests/helpers/services.ts';
import { addTelegramCustomers } from '../../tests/workers/harness.ts';
import { createBroadcastControl } from '../../workers/broadcast/control.ts';
import { createQueues } from '../../workers/queues.ts';

const RECIPIENTS = 10_000;
const LIFTED_RATE = 100_000;
const LIFTED_CONCURRENCY = 200;
const LIMITED_RATE = 25;
const EMULATOR_LIMIT = 30;
const LIMITED_SECONDS = 20;
const DB_NAME = 'potret_bench_broadcast';
const here = path.dirname(fileURLToPath(import.meta.url));
const keep = process.argv.includes('--keep');
const liftedOnly = process.argv.includes('--lifted-only');
const redisUrl = testServices.redisUrl;
const prefix = `potret-bench-bc-${Date.now().toString(36)}`;

type Message = Record<string, unknown>;

function start(
  script: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; first: Message }> {
  const child = fork(path.join(here, script), [], {
    // BENCH_CPU_PROF=dir writes a V8 CPU profile of each child there.
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (first) => resolve({ child, first: first as Message }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function ask<T extends Message>(child: ChildProcess, message: Message): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (answer) => resolve(answer as T));
    child.send(message);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send({ cmd: 'stop' });
  await exited;
}

function noopBaseline(): Promise<{ jobsPerSecond: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'noop.ts')], {
      env: {
        ...process.env,
        BENCH_REDIS_URL: redisUrl,
        BENCH_PREFIX: prefix,
        BENCH_NOOP_JOBS: String(RECIPIENTS),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`noop exited ${code}`)),
    );
  });
}

/** The most sends in any one-second window starting at a send. */
function busiestSecond(times: number[]): number {
  let best = 0;
  let from = 0;
  for (let to = 0; to < times.length; to += 1) {
    while (times[to]! - times[from]! >= 1000) from += 1;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

async function cleanUp(): Promise<void> {
  for (const queue of queues.all()) await queue.obliterate({ force: true }).catch(() => undefined);
  await queues.close();
  await database.close();
  if (!keep) await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.end();
}

const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
const databaseUrl = testServices.databaseUrlFor(DB_NAME);
const database = await openDatabase({ kind: 'url', url: databaseUrl });
await runMigrations(database);
const { db } = database;
const [staff] = await db
  .insert(staffUsers)
  .values({ email: 'owner@bench.local', name: 'Owner', role: 'owner', passwordHash: 'x' })
  .returning();
await addTelegramCustomers(db, RECIPIENTS);
const queues = createQueues({ redisUrl, prefix });
const control = createBroadcastControl({ db, queues });
console.log(`seeded ${RECIPIENTS} opted-in Telegram customers in ${DB_NAME}; queue prefix ${prefix}`);

const noop = await noopBaseline();
console.log(`bare BullMQ no-op (addBulk + concurrency 50): ${noop.jobsPerSecond.toFixed(0)} jobs/s`);

const emulator = await start('emulator.ts');
const { apiRoot, token } = emulator.first as { apiRoot: string; token: string };
const workerEnv = (rate: number, concurrency: number) => ({
  BENCH_DATABASE_URL: databaseUrl,
  BENCH_REDIS_URL: redisUrl,
  BENCH_PREFIX: prefix,
  BENCH_TG_TOKEN: token,
  BENCH_TG_API_ROOT: apiRoot,
  BENCH_TG_RATE: String(rate),
  BENCH_TG_CONCURRENCY: String(concurrency),
});

// --- 1. limit lifted: end-to-end messages/s
const fast = await start('worker.ts', workerEnv(LIFTED_RATE, LIFTED_CONCURRENCY));
const cpuBefore = await ask<{ cpuMs: number }>(fast.child, { cmd: 'rss' });
const first = await createBroadcast(db, {
  title: 'Bench lifted',
  text: 'Promo bench: diskon 20%!',
  staffId: staff!.id,
});
const t0 = performance.now();
await control.start(first.id);
while ((await getBroadcast(db, first.id)).status !== 'completed') await new Promise((r) => setTimeout(r, 50));
const seconds = (performance.now() - t0) / 1000;
const fastStats = await ask<{ messages: number; chats: number; rateLimited: number }>(emulator.child, {
  cmd: 'stats',
});
const fastCounts = await recipientCounts(db, first.id);
const fastRss = await ask<{ peakRssMb: number; cpuMs: number }>(fast.child, { cmd: 'rss' });
const cpuPerMessage = (fastRss.cpuMs - cpuBefore.cpuMs) / RECIPIENTS;
await stop(fast.child);
const endToEnd = RECIPIENTS / seconds;
console.log(
  `lifted: ${RECIPIENTS} recipients in ${seconds.toFixed(2)} s = ${endToEnd.toFixed(0)} messages/s end to end ` +
    `(${((endToEnd / noop.jobsPerSecond) * 100).toFixed(1)}% of bare BullMQ); ` +
    `emulator saw ${fastStats.messages} messages to ${fastStats.chats} chats; rows sent=${fastCounts.sent} pending=${fastCounts.pending}; ` +
    `worker peak RSS ${fastRss.peakRssMb.toFixed(0)} MB; worker CPU ${cpuPerMessage.toFixed(3)} ms per message ` +
    `(≈${(1000 / cpuPerMessage).toFixed(0)} messages/s per core: the figure least disturbed by other load)`,
);

// --- 2. the default 25/s against an emulator enforcing 30/s
if (liftedOnly) {
  await stop(emulator.child);
  await cleanUp();
  process.exit(0);
}
await ask(emulator.child, { cmd: 'clear' });
await ask(emulator.child, { cmd: 'limit', perSecond: EMULATOR_LIMIT });
const slow = await start('worker.ts', workerEnv(LIMITED_RATE, 10));
const second = await createBroadcast(db, {
  title: 'Bench 25/s',
  text: 'Promo bench: 25/s',
  staffId: staff!.id,
});
const since = Date.now();
await control.start(second.id);
await new Promise((r) => setTimeout(r, (LIMITED_SECONDS + 3) * 1000));
const slowStats = await ask<{ ok: number[]; rateLimited: number }>(emulator.child, { cmd: 'stats', since });
await control.cancel(second.id);
const slowRss = await ask<{ peakRssMb: number }>(slow.child, { cmd: 'rss' });
await stop(slow.child);
const sends = slowStats.ok.sort((a, b) => a - b);
// The steady part: LIMITED_SECONDS from one second after the first send (fan-out and warm-up aside).
const windowStart = sends[0]! + 1000;
const inWindow = sends.filter((t) => t >= windowStart && t < windowStart + LIMITED_SECONDS * 1000).length;
const achieved = inWindow / LIMITED_SECONDS;
const deviation = ((achieved - LIMITED_RATE) / LIMITED_RATE) * 100;
console.log(
  `limited: ${achieved.toFixed(2)} messages/s over ${LIMITED_SECONDS} s at a ${LIMITED_RATE}/s limit ` +
    `(${deviation >= 0 ? '+' : ''}${deviation.toFixed(1)}%); 429 answers from the ${EMULATOR_LIMIT}/s emulator: ${slowStats.rateLimited}; ` +
    `busiest sliding second: ${busiestSecond(sends)}; worker peak RSS ${slowRss.peakRssMb.toFixed(0)} MB`,
);

await stop(emulator.child);
await cleanUp();

const verdicts = [
  [`end to end ≥ 2,000/s (issue 11)`, endToEnd >= 2000],
  [`25/s within 5%`, Math.abs(deviation) <= 5],
  ['zero 429 at 25/s', slowStats.rateLimited === 0],
] as const;
for (const [name, ok] of verdicts) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}`);
