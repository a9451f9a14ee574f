/**
 * Notification latency benchmark (issue 11): how long after a staff member's confirmation commits its
 * message reaches Telegram, with Postgres as the record (outbox row in the confirmation's transaction,
 * relay, BullMQ, the Telegram sender). Real Postgres, a throwaway redis-server on a spare loopback port
 * (this bench kills it), the Bot API emulator in its own process, Potret in another (bench/notify/studio.ts:
 * workers and staff confirmations in one process, as `npm start` runs them). Three phases, each
 * 50 confirmations per second for 20 s (open loop; each a real transaction as POST /:id/confirm makes
 * it), each on its own 1,000 bookings:
 *
 *   1. one process, Redis up: p50/p99 from COMMIT to the emulator receiving the message — the baseline;
 *      target p99 < 1 s;
 *   2. split roles: the confirmations in this process (a `web` role, no relay of its own), the relay
 *      in the worker process finding the rows by its 250 ms poll; ratio to 1;
 *   3. as 1, with Redis killed ~5 s in and an empty one started on the same port ~15 s in: every message
 *      delivered (once), the staff transactions while Redis was away, and how long after Redis returned
 *      the last message arrived; ratios to 1.
 * The Telegram sender runs at 100 messages/s (TELEGRAM_RATE_PER_SECOND=100): at the default 25/s no path
 * keeps up with 50 confirmations per second. Relay and reconcile keep the product's defaults.
 *
 * Run: npm run bench -- notify, or tsx bench/notify/main.ts [--seconds N] [--rate N] [--keep]
 *
 * Measured here (2 cores shared with other helpers' test runs, 2026-12-08, three full runs):
 *                          load 6–8 (04:29 UTC)  load 6–7 (04:32)  load 2–3.5 (04:37)
 *   one process  p50/p99   59 / 235 ms           87 / 394 ms       18 / 128 ms (max 172)
 *   split roles  p50/p99   289 / 603 ms          271 / 577 ms      210 / 308 ms
 *     ratio to one process ×4.9 / ×2.6           ×3.1 / ×1.5       ×11.7 / ×2.4
 *   Redis killed 5–15 s    1,000 of 1,000 delivered, none twice, in all three runs
 *     committed while away 510                   503               504
 *     their transactions   p99 112 ms, max 356   p99 166 ms        p99 36 ms, max 64 (×0.3 of Redis up)
 *     last message after   11.6 s                10.0 s            9.7 s (first after it: 2.1 s)
 *       Redis returned
 * With Redis away the confirmations commit as fast as with it up: nothing in the staff member's
 * transaction touches Redis. After it returns: ~2 s until ioredis reconnects (its retry delay grows to
 * 2 s), then the ~500 owed messages drain at ~65/s (sender paced at 100/s, 10 in hand). The first run
 * also had 8 rows in the relay's hand at the kill: released after its 3 s hand-over timeout, sent after.
 * A job waiting inside the Redis that died comes back only through the reconcile pass, which at a
 * reconnect skips rows queued less than staleMs (30 s) ago: in a shorter trial (20/s for 8 s, Redis
 * away 4 s, load 8) two such messages arrived 29 s after Redis returned (33 s after their commit).
 * So the bound after a Redis loss is about staleMs + everyMs (≤ 60 s) after the kill, not the reconnect.
 * CPU (same runs): one process 11–12 ms of the worker process per confirmation and its message (idle
 * 7 ms/s aside); split roles 2.3–3.1 ms per message in the worker and 6.0–7.8 ms per confirmation in the
 * confirming process. A confirmation is 13 statements in 11 socket writes (the reservation row is read
 * by the lock, returned by the update, read again by notifyConfirmed and joined again by receiptFor);
 * drizzle's query building was ~30 % of a closed-loop confirming process's CPU (profiled, load ~8).
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, gt, inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import {
  outboxMessages,
  products,
  reservationItems,
  reservations,
  staffUsers,
} from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { notifierOn } from '../../src/messaging/index.ts';
import { throwawayRedis } from '../../tests/helpers/redis-server.ts';
import { testServices } from '../../tests/helpers/services.ts';
import { addTelegramCustomers } from '../../tests/workers/harness.ts';
import { type Commit, confirmAtRate } from './confirm.ts';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const PER_SECOND = arg('rate', 50);
const SECONDS = arg('seconds', 20);
const PER_PHASE = PER_SECOND * SECONDS;
/** Confirmations each confirming process makes first, uncounted: JIT, pools and prepared statements warm. */
const WARM_UP = PER_SECOND * 2;
const TELEGRAM_RATE = 100;
/** Redis is killed this far into the outage phase and an empty one started at REDIS_BACK_S. */
const REDIS_DOWN_S = SECONDS / 4;
const REDIS_BACK_S = (SECONDS * 3) / 4;
/** How long to wait for the last messages after the last commit (the reconcile pass runs every 30 s). */
const DRAIN_MS = 120_000;
const DB_NAME = 'potret_bench_notify';
const here = path.dirname(fileURLToPath(import.meta.url));
const keep = process.argv.includes('--keep');

type Message = Record<string, unknown>;

function start(
  script: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; first: Message }> {
  const child = fork(path.join(here, script), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (first) => resolve({ child, first: first as Message }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function ask<T>(child: ChildProcess, message: Message): Promise<T> {
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of unsorted numbers. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`);

// --- the world: a database of its own, bookings awaiting confirmation, a Redis this bench may kill
const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
const databaseUrl = testServices.databaseUrlFor(DB_NAME);
const database = await openDatabase({ kind: 'url', url: databaseUrl });
await runMigrations(database);
const { db } = database;
await seedDemoStudio(db);
const [staff] = await db
  .insert(staffUsers)
  .values({ email: 'admin@bench.local', name: 'Admin', role: 'admin', passwordHash: 'x' })
  .returning();
const [product] = await db.select().from(products).limit(1);
const people = await addTelegramCustomers(db, 3 * PER_PHASE + 2 * WARM_UP);
const chatOf = new Map<number, string>();
const firstStart = Date.now() + 7 * 86_400_000;
for (let from = 0; from < people.length; from += 1000) {
  const chunk = people.slice(from, from + 1000);
  const rows = await db
    .insert(reservations)
    .values(
      chunk.map((person, i) => {
        const startAt = new Date(firstStart + (from + i) * 3_600_000);
        return {
          customerId: person.customerId,
          startAt,
          endAt: new Date(startAt.getTime() + product!.durationMinutes! * 60_000),
          subtotal: product!.price,
          total: product!.price,
          channel: 'telegram' as const,
        };
      }),
    )
    .returning({ id: reservations.id, customerId: reservations.customerId });
  await db.insert(reservationItems).values(
    rows.map((row) => ({
      reservationId: row.id,
      productId: product!.id,
      kind: 'package' as const,
      name: product!.name,
      unitPrice: product!.price,
      lineTotal: product!.price,
    })),
  );
  for (const [i, row] of rows.entries()) chatOf.set(row.id, chunk[i]!.chatId);
}
const bookings = [...chatOf.keys()].sort((a, b) => a - b);
let taken = 0;
const take = (count: number) => {
  taken += count;
  return bookings.slice(taken - count, taken);
};
const redis = await throwawayRedis();
const prefix = `potret-bench-notify-${Date.now().toString(36)}`;
console.log(
  `seeded ${bookings.length} bookings awaiting confirmation in ${DB_NAME}; throwaway Redis on port ${redis.port}`,
);

const emulator = await start('emulator.ts');
const { apiRoot, token } = emulator.first as { apiRoot: string; token: string };
const studio = await start('studio.ts', {
  BENCH_DATABASE_URL: databaseUrl,
  BENCH_REDIS_URL: redis.url,
  BENCH_PREFIX: prefix,
  BENCH_TG_TOKEN: token,
  BENCH_TG_API_ROOT: apiRoot,
  BENCH_TG_RATE: String(TELEGRAM_RATE),
  BENCH_STAFF_ID: String(staff!.id),
});

interface PhaseResult {
  commits: Commit[];
  latencies: number[];
  /** Commit → first arrival per booking delivered, ms. */
  latencyOf: Map<number, number>;
  delivered: number;
  twice: number;
  missing: number;
  lastArrival: number;
  /** Every arrival time of the phase's messages. */
  arrivals: number[];
  studioCpuMsPerMessage: number;
  /** The worker process's warnings and errors during the phase, tallied: [line, count]. */
  logged: [string, number][];
}

/** Runs one phase's confirmations, then waits until each of its chats has its message (or DRAIN_MS). */
async function phase(ids: number[], confirm: () => Promise<Commit[]>): Promise<PhaseResult> {
  const cpuBefore = await ask<{ cpuMs: number }>(studio.child, { cmd: 'usage' });
  const began = Date.now();
  const commits = await confirm();
  const chats = new Map(ids.map((id) => [chatOf.get(id)!, id]));
  const deadline = Date.now() + DRAIN_MS;
  let seen = new Map<string, number[]>();
  for (;;) {
    const { arrivals } = await ask<{ arrivals: [string, number, string][] }>(emulator.child, {
      cmd: 'arrivals',
    });
    seen = new Map();
    for (const [chatId, time] of arrivals) {
      if (chats.has(chatId)) seen.set(chatId, [...(seen.get(chatId) ?? []), time]);
    }
    if (seen.size === chats.size || Date.now() > deadline) break;
    await sleep(250);
  }
  // A moment for a duplicate to show itself before counting.
  await sleep(500);
  const cpuAfter = await ask<{ cpuMs: number; logged: [string, number][] }>(studio.child, { cmd: 'usage' });
  const latencyOf = new Map<number, number>();
  for (const commit of commits) {
    const times = seen.get(chatOf.get(commit.reservationId)!);
    if (times && !commit.error) latencyOf.set(commit.reservationId, Math.min(...times) - commit.committedAt);
  }
  return {
    commits,
    latencies: [...latencyOf.values()],
    latencyOf,
    delivered: seen.size,
    twice: [...seen.values()].filter((times) => times.length > 1).length,
    missing: chats.size - seen.size,
    lastArrival: Math.max(...[...seen.values()].flat()),
    arrivals: [...seen.values()].flat(),
    studioCpuMsPerMessage:
      (cpuAfter.cpuMs - cpuBefore.cpuMs - idleCpuMsPerS * ((Date.now() - began) / 1000)) / ids.length,
    logged: cpuAfter.logged,
  };
}

function describe(name: string, result: PhaseResult): string {
  const failed = result.commits.filter((commit) => commit.error);
  const tx = result.commits.map((commit) => commit.transactionMs);
  return (
    `${name}: ${result.commits.length} confirmations at ${PER_SECOND}/s` +
    `${failed.length ? ` (${failed.length} FAILED: ${failed[0]!.error})` : ''}; delivered ${result.delivered}/${result.commits.length}` +
    ` (${result.twice} twice, ${result.missing} missing); commit → emulator p50 ${ms(percentile(result.latencies, 50))},` +
    ` p99 ${ms(percentile(result.latencies, 99))}, max ${ms(Math.max(...result.latencies))};` +
    ` staff transaction p50 ${ms(percentile(tx, 50))}, p99 ${ms(percentile(tx, 99))};` +
    ` open-loop lag p99 ${ms(
      percentile(
        result.commits.map((commit) => commit.lateMs),
        99,
      ),
    )}` +
    result.logged.map(([line, count]) => `\n  worker log: ${count} × ${line}`).join('')
  );
}

/** The worker process's CPU per second with nothing to do (polls, timers, BullMQ), measured after warm-up. */
let idleCpuMsPerS = 0;

const confirmInStudio = (ids: number[]) => async () =>
  (
    await ask<{ commits: Commit[] }>(studio.child, {
      cmd: 'confirm',
      reservationIds: ids,
      perSecond: PER_SECOND,
    })
  ).commits;

// --- 1. one process, Redis up: the baseline
const warmStudio = take(WARM_UP);
await phase(warmStudio, confirmInStudio(warmStudio));
const idleFrom = await ask<{ cpuMs: number }>(studio.child, { cmd: 'usage' });
await sleep(3000);
idleCpuMsPerS = ((await ask<{ cpuMs: number }>(studio.child, { cmd: 'usage' })).cpuMs - idleFrom.cpuMs) / 3;
const baselineIds = take(PER_PHASE);
const baseline = await phase(baselineIds, confirmInStudio(baselineIds));
console.log(describe('one process, Redis up', baseline));
console.log(
  `  worker process CPU ${baseline.studioCpuMsPerMessage.toFixed(2)} ms per confirmation and its message ` +
    `(beyond its idle ${idleCpuMsPerS.toFixed(0)} ms/s)`,
);

// --- 2. split roles: this process confirms (no relay here), the worker's relay polls
const webNotifierOn = notifierOn({ channels: ['web', 'telegram'], timeZone: 'Asia/Jakarta' });
let confirmingCpuMs = 0;
const confirmHere = (ids: number[]) => async () => {
  const from = process.cpuUsage();
  const commits = await confirmAtRate({
    db,
    notifierOn: webNotifierOn,
    staffId: staff!.id,
    reservationIds: ids,
    perSecond: PER_SECOND,
  });
  const { user, system } = process.cpuUsage(from);
  confirmingCpuMs = (user + system) / 1000;
  return commits;
};
const warmHere = take(WARM_UP);
await phase(warmHere, confirmHere(warmHere));
const splitIds = take(PER_PHASE);
const split = await phase(splitIds, confirmHere(splitIds));
console.log(describe('split roles (web process confirms, worker relay polls)', split));
console.log(
  `  worker process CPU ${split.studioCpuMsPerMessage.toFixed(2)} ms per message (beyond idle); ` +
    `confirming process ${(confirmingCpuMs / PER_PHASE).toFixed(2)} ms per confirmation`,
);
console.log(
  `  ratio to one process: p50 ×${(percentile(split.latencies, 50) / percentile(baseline.latencies, 50)).toFixed(1)},` +
    ` p99 ×${(percentile(split.latencies, 99) / percentile(baseline.latencies, 99)).toFixed(1)}`,
);

// --- 3. one process, Redis killed for the middle of the run and started again empty
const outageIds = take(PER_PHASE);
let redisDownAt = 0;
let redisBackAt = 0;
const outageStarted = Date.now();
const redisAway = (async () => {
  await sleep(REDIS_DOWN_S * 1000);
  await redis.stop();
  redisDownAt = Date.now();
  await sleep(Math.max(0, outageStarted + REDIS_BACK_S * 1000 - Date.now()));
  await redis.start();
  redisBackAt = Date.now();
})();
const outage = await phase(outageIds, async () => {
  const commits = await confirmInStudio(outageIds)();
  await redisAway;
  return commits;
});
const whileAway = outage.commits.filter((c) => c.committedAt >= redisDownAt && c.committedAt < redisBackAt);
const awayTx = whileAway.map((commit) => commit.transactionMs);
const beforeKill = outage.commits.filter((c) => c.committedAt < redisDownAt);
const beforeKillSlow = beforeKill.filter((c) => (outage.latencyOf.get(c.reservationId) ?? 0) > 1000).length;
const [handedTwice] = await db
  .select({ count: sql<number>`count(*)::int` })
  .from(outboxMessages)
  .where(and(inArray(outboxMessages.reservationId, outageIds), gt(outboxMessages.attempts, 1)));
console.log(describe(`one process, Redis killed ${REDIS_DOWN_S}–${REDIS_BACK_S} s`, outage));
console.log(
  `  Redis killed at +${((redisDownAt - outageStarted) / 1000).toFixed(1)} s, an empty one answering at ` +
    `+${((redisBackAt - outageStarted) / 1000).toFixed(1)} s; ${whileAway.length} confirmations committed while it was ` +
    `away (staff transaction p99 ${ms(percentile(awayTx, 99))}, max ${ms(Math.max(...awayTx))}); ` +
    `the first message after it returned arrived +${((Math.min(...outage.arrivals.filter((t) => t >= redisBackAt)) - redisBackAt) / 1000).toFixed(1)} s, ` +
    `the last +${((outage.lastArrival - redisBackAt) / 1000).toFixed(1)} s; ` +
    `${beforeKillSlow} of the ${beforeKill.length} committed before the kill took over 1 s; ${handedTwice!.count} rows ` +
    'were handed to Redis more than once (released after the 3 s hand-over timeout, or put back by the reconcile pass)',
);
console.log(
  `  ratio to Redis up: p50 ×${(percentile(outage.latencies, 50) / percentile(baseline.latencies, 50)).toFixed(1)},` +
    ` p99 ×${(percentile(outage.latencies, 99) / percentile(baseline.latencies, 99)).toFixed(1)};` +
    ` staff transaction p99 while away ×${(
      percentile(awayTx, 99) /
        percentile(
          baseline.commits.map((c) => c.transactionMs),
          99,
        )
    ).toFixed(1)}`,
);

await stop(studio.child);
await stop(emulator.child);
await redis.stop();
await database.close();
if (!keep) await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
await admin.end();

const verdicts = [
  ['p99 < 1 s with Redis up (one process)', percentile(baseline.latencies, 99) < 1000],
  ['every message delivered, once, with Redis killed for 10 s', outage.missing === 0 && outage.twice === 0],
  ['staff transactions while Redis was away: p99 < 1 s', percentile(awayTx, 99) < 1000],
  ['last message within 60 s of Redis returning', outage.lastArrival - redisBackAt <= 60_000],
] as const;
for (const [name, ok] of verdicts) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}`);
