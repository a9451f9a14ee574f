/**
 * Chat benchmark (issue 3): the Telegram side (Bot API emulator + simulated customers) in this process,
 * the bot under test in a child process in webhook mode on the machine's Postgres, and a bare grammY
 * echo bot on the same emulator as the yardstick.
 *
 *   latency     200 customers, 100 updates/s in total (open loop) for 10 s, walking the booking steps;
 *               p50/p95/p99 from pushing an update to the bot's first reply (target p99 < 100 ms)
 *   saturation  the same 200 customers with no pause (closed loop) for 10 s: updates/s, and the
 *               ratio to the echo bot (target ≥ 30 %)
 *
 * Run: npm run bench -- chat, or tsx bench/chat/main.ts [rate] [profile] [seconds].
 * tsx bench/chat/trace.ts [--sql] prints the SQL statements and socket writes of each booking step.
 *
 * Measured here (2 cores, quiet machine, 2026-11-28, before the changes below): potret p50 5 ms, p99
 * 15–18 ms at 100 updates/s; closed loop ~350 updates/s against the echo bot's ~3,200 (11 %). The bot
 * used ~0.8 core (≈2.2 ms per step), the emulator ~0.4 and Postgres ~0.5: the machine was full.
 *
 * Then, before → after, each pair run back to back (8–10 s phases):
 *   load ~2.5 (23:41 UTC)   updates/s 385 → 648 (echo ~3,400: 11 % → 19 %), p99 at 100/s 15 → 11 ms
 *                           CPU per update: bot 2.14 → 1.41 ms, its Postgres backends 1.22 → 0.52 ms,
 *                           emulator + customers 0.89 → 0.67 ms (the echo bot's total: 0.52 ms)
 *   load 8–10 (23:29 UTC)   bot 3.13 / 2.72 → 2.22 / 2.11 ms, Postgres 1.63 / 1.57 → 0.83 / 0.72 ms;
 *                           updates/s swing with the neighbours there, the CPU figures hold.
 * What changed: every drizzle query used to take two round trips (drizzle passes prepare: false, so
 * postgres.js asked for parameter types first); a turn's lock, update claim, session read, identity
 * touch and the step's savepoint share one socket write, and so do the session save and the commit;
 * touchIdentity skips a chat seen < 60 s ago. Socket writes per booking walk (trace.ts): 141 → 39.
 * Where the bot's CPU goes now (--cpu-prof): postgres.js ~29 % (half of it socket writes on loopback
 * TCP, ~0.1 ms each), drizzle's query building ~13 %, the two Bot API calls per step (grammY +
 * node-fetch) ~20 %, the webhook's HTTP server ~9 %, the conversation itself ~15 %.
 * Then availableSlots reads settings, product and busy slots in one socket write, availableDates
 * settings and product together, quoteReservation settings, product, customer and add-ons together;
 * the package step reads its product once; a per-process read cache (src/settings/cache.ts, ≤ 30 s)
 * serves the settings and the catalog to the booking steps (never busy slots, quotes or
 * createReservation). Socket writes per booking walk (trace.ts) 39 → 30 (reads together) → 27
 * (cache); statements 76 → 57. Before = 993d459 in a worktree, after = this, back to back:
 *   load 4–5 → 3 (23:58 UTC)  updates/s 502 → 761 (echo 3,330 both: 15 % → 23 %), p99 at 100/s
 *                             385 → 11 ms (the "before" run caught a neighbour's burst)
 *                             CPU per update: bot 1.66 → 1.16 ms, Postgres 0.63 → 0.44 ms,
 *                             emulator + customers 0.81 → 0.66 ms; potret/echo by CPU 17 % → 24 %
 *   load 2–2.6 (00:01 UTC,    updates/s 546 → 681 (echo ~3,200: 17 % → 22 %), p99 14 → 19 ms;
 *     after run first)        bot 1.62 → 1.29 ms, Postgres 0.64 → 0.49 ms, by CPU 18 % → 23 %
 *   load 6–7 (23:56 UTC)      bot 1.68 → 1.53 ms, Postgres 0.62 → 0.54 ms; updates/s said nothing
 *                             (the echo bot swung 827 ↔ 2,073 between the two runs)
 * Still short of 30 %: the emulator and customers' own CPU (~0.7 ms per update, more than Postgres)
 * counts in the ratio, and the echo bot costs 0.54 ms per update in all.
 * Left: each turn still takes 4 writes before its step's own reads (begin; lock + claim + session +
 * touch + savepoint; save + commit), so the step's single busy read is 1 of 4–5; drizzle builds its
 * relational query API for every transaction and savepoint, measured at ~5 µs each (0.1 µs without
 * `schema`), so ~0.01 ms of the bot's ~1.2 ms per turn: `schema` stays, as
 * tests/{conversation,telegram}/journeys.test.ts use `db.query.reservationItems`.
 * Then (00:11–00:19 UTC) it does: in webhook mode answerCallbackQuery goes back in the webhook's HTTP
 * answer (grammY's webhook reply; bots/telegram/webhook.ts, as grammY's own Hono adapter encodes the
 * call twice) and the emulator runs such answers: one Bot API request fewer per tap.
 * Before = the old bots/telegram/bot.ts, after = this, pairs back to back (same conversation code):
 *   load 1.9 (00:12, after first)   updates/s 764 → 757, CPU per update bot 1.14 → 1.16 ms,
 *                                   emulator + customers 0.67 → 0.68 ms
 *   load 2.3–3 (00:14, after first) updates/s 741 → 769, bot 1.21 → 1.07 ms, emulator 0.64 → 0.60 ms
 *   load 3.2–4.4 (00:18, after 1st) updates/s 444 → 735, bot 1.39 → 1.15 ms, emulator 0.75 → 0.63 ms
 *                                   (busy: the echo bot ran at ~1,770/s in both, ~3,200 when quiet)
 * By the profile above (two calls ≈ 20 % of the bot) the call saved is worth ~0.1 ms of ~1.15 ms,
 * about the noise between runs: the first pair shows nothing, the second 0.14 ms, the third (busy)
 * 0.24 ms. The spinner now stops when Telegram gets the webhook's answer, i.e. once the turn's
 * replies are sent (the update stays unacknowledged until handled, so Telegram still redelivers one
 * whose handling did not finish).
 * Tried and reverted (00:25 UTC): BEGIN sent in the same socket write as the lock and session read
 * (trace.ts 27 → 20 writes per booking walk; closed loop 722 → 861 with the new code run first,
 * 747 → 768 the other way round: 22–27 % vs 23–24 % of the echo bot). It needed postgres.js
 * internals (the onexecute option, query handlers) and a wrapped pool end(), which the core turn
 * path should not depend on for a gain within the noise.
 * Taken back in (2026-11-29, db/pipelined-transaction.ts), for the risk it had: built on sql.reserve(),
 * the closed-pool case handled by Database.close() marking the db, and the case that crashed the
 * process (a backend ended between two statements, porsager/postgres#1208) made a test. Socket
 * writes per booking walk 27 -> 20. Before = af48877 in a worktree, after = f9ec144, back to back on
 * a quiet machine (01:33 UTC), two pairs:
 *   updates/s 740 -> 903 and 804 -> 935 (echo 3,290-3,690); CPU per update bot 1.17 -> 0.98 and
 *   1.10 -> 0.95 ms, Postgres 0.47 -> 0.37 and 0.42 -> 0.35 ms, emulator + customers 0.64 -> 0.56.
 * Where that leaves it (5 runs, 01:25-01:45 UTC): 850-935 updates/s against the echo bot's
 * 3,120-3,690, 25-28 % (by CPU per update 26-29 %), p99 at 100 updates/s 8-11 ms. Still short of 30 %.
 * Measured and not kept: Postgres over its Unix socket instead of loopback TCP (DATABASE_URL's
 * ?host= form works now; bot CPU 0.93 -> 0.95 ms, nothing), --max-semi-space-size=32 for the bot
 * (0.95 -> 0.91, 0.92 -> 0.90 ms: within the noise), skipping drizzle's relational query builders
 * in turn transactions (~3 % in the profile, nothing visible in updates/s). Where the bot's CPU goes
 * now (--cpu-prof, 01:50 UTC): Postgres socket writes ~19 % (3 per turn, ~0.06 ms each: the
 * kernel's loopback and wake-up of the backend), GC ~11 %, drizzle ~10 % (query building; its
 * transaction objects ~3 %), the Bot API call through grammY and node-fetch ~14 %, postgres.js's own
 * work ~9 %, the conversation and the schedule maths ~15 %.
 * 2026-11-29, a slower 2-core machine (the echo bot ~770-850 updates/s, as the issue's reference):
 * at the session's start (91c1fc6) 193-227 updates/s against echo 640-855, 23-31 % over 4 runs, and
 * 7-147 "lost" replies per closed loop. The lost ones were the emulator's: 200 customers opened 200
 * webhook connections at once and a few waited 4-6 s for the bot's accept. The emulator now keeps
 * at most setWebhook's max_connections (default 40) deliveries in flight, as Telegram does; that
 * lifted both bots (echo ~1,000/s). With it, the old bot (91c1fc6) made 276/279 updates/s against
 * echo 1,027/1,173 (27/24 %; CPU per update bot 3.2 ms, Postgres 0.98 ms).
 * Then: Bot API calls on undici's request() instead of node-fetch (~0.18 ms less CPU per call here);
 * touchIdentity as CTEs of the session read (8 -> 7 statements per step); the step's savepoint on the
 * turn's own drizzle object; the slot grid remembered per day; and a per-process session cache
 * (bots/conversation/session-cache.ts): the step starts on the session this process saved last, in
 * the same socket write as the lock and the session read, checked against what the read returns.
 * trace.ts: 3 -> 2 writes for the date, slot, add-ons and menu steps. 3 runs (04:00 UTC): 349, 370,
 * 390 updates/s against echo 994, 1,157, 1,074: 35, 32, 36 % (by CPU 34, 31, 36 %); CPU per update
 * bot 2.2-2.5 ms, Postgres 0.78-0.86 ms; p99 at 100 updates/s 18-64 ms; no reply lost.
 * After review fixes (no guessing in registration, photos, contacts; a wrong guess stops guessing for
 * that chat), 12 runs 04:00-04:20 UTC: 35 36 34 33 29 28 29 34 34 33 31 32 % (median 33 %), the 28-29 %
 * ones when the echo bot ran at 1,110-1,285 updates/s; potret 312-390 updates/s; CPU per update
 * (bot + Postgres + emulator) 4.5-5.6 ms against the echo's 1.35-1.8 ms.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { registerCustomer } from '../../src/customers/index.ts';
import { createTelegramEmulator, type SentMessage, type TelegramEmulator } from '../../tests/fakes/telegram-api.ts';
import { testServices } from '../../tests/helpers/services.ts';

const CUSTOMERS = 200;
const RATE_PER_SECOND = Number(process.argv[2] ?? 100);
const MEASURE_SECONDS = Number(process.argv[4] ?? 10);
const WARMUP_SECONDS = 2;
const REPLY_TIMEOUT_MS = 5000;
const FIRST_CHAT_ID = 700_000;
const SECRET = 'bench_secret';
const here = path.dirname(fileURLToPath(import.meta.url));

type Kind = 'product' | 'echo';

function startChild(file: string, args: unknown): Promise<ChildProcess> {
  // `main.ts <rate> profile` writes a CPU profile of each bot process to /tmp/potret-bench-prof.
  const profile = process.argv[3] === 'profile' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/potret-bench-prof'] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(here, file), JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('READY')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** CPU seconds (user + system) a process has used so far; Linux /proc, clock ticks of 10 ms. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // a backend that ended meanwhile
  }
}

/**
 * Milliseconds of CPU per update spent by the bot process, its Postgres backends and this process
 * (emulator + simulated customers) during `run`: a figure that holds on a busy machine, where
 * updates/s says more about the neighbours than about the bot.
 */
async function cpuPerUpdate<T extends { completed: number }>(
  bot: ChildProcess,
  backends: () => Promise<number[]>,
  run: () => Promise<T>,
): Promise<T & { cpu: { bot: number; postgres: number; emulator: number } }> {
  const pgBefore = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)]));
  const before = { bot: cpuSeconds(bot.pid!), self: process.cpuUsage() };
  const result = await run();
  const n = Math.max(1, result.completed);
  // A backend the pool opened during the run counts in full.
  const pg = (await backends()).reduce((sum, pid) => sum + cpuSeconds(pid) - (pgBefore.get(pid) ?? 0), 0);
  const self = process.cpuUsage(before.self);
  return {
    ...result,
    cpu: {
      bot: ((cpuSeconds(bot.pid!) - before.bot) * 1000) / n,
      postgres: (pg * 1000) / n,
      emulator: (self.user + self.system) / 1000 / n,
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** One simulated customer: what it sends next depends on the buttons of the bot's last answer. */
class Customer {
  constructor(
    readonly tg: TelegramEmulator,
    readonly chatId: number,
    readonly kind: Kind,
  ) {}

  private latestKeyboard(): SentMessage | undefined {
    const sent = this.tg.sentTo(this.chatId);
    for (let i = sent.length - 1; i >= 0; i--) if (sent[i]!.replyMarkup && 'inline_keyboard' in sent[i]!.replyMarkup!) return sent[i];
    return undefined;
  }

  /** Pushes the next step of the booking journey (menu → Reservasi → package → date → slot → add-ons → summary → Batal). */
  /** Returns what kind of step it sent ("bk:d", "/menu"…), to report latency per step. */
  send(): string {
    if (this.kind === 'echo') {
      this.tg.pushText(this.chatId, 'Halo, mau tanya paket wisuda');
      return 'text';
    }
    const message = this.latestKeyboard();
    const data = ((message?.replyMarkup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [])
      .flat()
      .map((b) => b.callback_data ?? '');
    const pick = (prefix: string) => {
      const options = data.filter((d) => d.startsWith(prefix));
      return options[Math.floor(Math.random() * options.length)];
    };
    const next = data.includes('bk:ok')
      ? 'x'
      : data.includes('bk:a:next')
        ? 'bk:a:next'
        : data.includes('bk:pt:0')
          ? 'bk:pt:0'
          : (pick('bk:s:') ?? pick('bk:d:') ?? pick('bk:p:') ?? (data.includes('m:bk') ? 'm:bk' : undefined));
    if (next && message) {
      this.tg.pushCallback(this.chatId, next, message.messageId);
      return next.split(':').slice(0, 2).join(':');
    }
    this.tg.pushText(this.chatId, '/menu');
    return '/menu';
  }

  /** Milliseconds from now until the first message after the current count arrives (or the step completes). */
  async awaitReply(untilComplete: boolean): Promise<number | undefined> {
    const start = Date.now();
    const index = this.tg.sentTo(this.chatId).length;
    try {
      const reply = await this.tg.waitFor(() => {
        const sent = this.tg.sentTo(this.chatId);
        if (!untilComplete || this.kind === 'echo') return sent[index];
        // A step is complete when its last message, the one with buttons, has arrived.
        for (let i = index; i < sent.length; i++) if (sent[i]!.replyMarkup) return sent[i];
        return undefined;
      }, REPLY_TIMEOUT_MS);
      return reply.time - start;
    } catch {
      return undefined;
    }
  }
}

async function openLoop(
  customers: Customer[],
  seconds: number,
): Promise<{ latencies: number[]; lost: number; bySecond: number[][]; byStep: Map<string, number[]> }> {
  const latencies: number[] = [];
  const byStep = new Map<string, number[]>();
  const bySecond: number[][] = Array.from({ length: seconds }, () => []);
  let lost = 0;
  const pending: Promise<void>[] = [];
  const total = seconds * RATE_PER_SECOND;
  const start = performance.now();
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const customer = customers[k % customers.length]!;
    const reply = customer.awaitReply(false);
    const step = customer.send();
    const second = Math.floor(k / RATE_PER_SECOND);
    pending.push(
      reply.then((ms) => {
        if (ms === undefined) lost++;
        else {
          latencies.push(ms);
          bySecond[second]?.push(ms);
          byStep.set(step, [...(byStep.get(step) ?? []), ms]);
        }
      }),
    );
  }
  await Promise.all(pending);
  return { latencies: latencies.sort((a, b) => a - b), lost, bySecond, byStep };
}

async function closedLoop(customers: Customer[], seconds: number): Promise<{ completed: number; elapsed: number; lost: number }> {
  let completed = 0;
  let lost = 0;
  const deadline = Date.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    customers.map(async (customer) => {
      while (Date.now() < deadline) {
        const done = customer.awaitReply(true);
        customer.send();
        if ((await done) === undefined) lost++;
        else completed++;
      }
    }),
  );
  return { completed, elapsed: (performance.now() - start) / 1000, lost };
}

async function measure(tg: TelegramEmulator, kind: Kind, bot: ChildProcess, backends: () => Promise<number[]>) {
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => new Customer(tg, FIRST_CHAT_ID + i, kind));
  await openLoop(customers, WARMUP_SECONDS);
  tg.clear();
  const latency = await openLoop(customers, MEASURE_SECONDS);
  tg.clear();
  const saturation = await cpuPerUpdate(bot, backends, () => closedLoop(customers, MEASURE_SECONDS));
  tg.clear();
  return { latency, saturation };
}

function report(name: string, result: Awaited<ReturnType<typeof measure>>) {
  const l = result.latency.latencies;
  const perSecond = result.latency.bySecond.map((xs) => Math.max(0, ...xs));
  console.log(`${name.padEnd(12)} slowest reply per second of the open loop (ms): ${perSecond.join(' ')}`);
  const steps = [...result.latency.byStep.entries()].map(([step, xs]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `${step} p50 ${percentile(sorted, 50)}/p99 ${percentile(sorted, 99)} (n=${xs.length})`;
  });
  console.log(`${''.padEnd(12)} per step (ms): ${steps.join(', ')}`);
  const rate = result.saturation.completed / result.saturation.elapsed;
  console.log(
    `${name.padEnd(12)} open loop ${RATE_PER_SECOND}/s: p50 ${percentile(l, 50)} ms  p95 ${percentile(l, 95)} ms  p99 ${percentile(l, 99)} ms  (n=${l.length}, lost ${result.latency.lost})`,
  );
  console.log(
    `${''.padEnd(12)} closed loop, ${CUSTOMERS} customers: ${rate.toFixed(0)} updates/s  (${result.saturation.completed} in ${result.saturation.elapsed.toFixed(1)} s, lost ${result.saturation.lost})`,
  );
  const cpu = result.saturation.cpu;
  const total = cpu.bot + cpu.postgres + cpu.emulator;
  console.log(
    `${''.padEnd(12)} CPU per update (ms): bot ${cpu.bot.toFixed(2)}, postgres ${cpu.postgres.toFixed(2)}, emulator+customers ${cpu.emulator.toFixed(2)}; total ${total.toFixed(2)}`,
  );
  return { rate, cpu: total };
}

async function main(): Promise<void> {
  const name = `potret_bench_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const databaseUrl = testServices.databaseUrlFor(name);
  const tg = createTelegramEmulator();
  const children: ChildProcess[] = [];
  try {
    const database = await openDatabase({ kind: 'url', url: databaseUrl }, { max: 4 });
    await runMigrations(database);
    await seedDemoStudio(database.db);
    for (let i = 0; i < CUSTOMERS; i++) {
      await registerCustomer(database.db, {
        channel: 'telegram',
        externalId: String(FIRST_CHAT_ID + i),
        name: `Pelanggan ${i + 1}`,
        phone: `+62812990${String(i).padStart(5, '0')}`,
      });
    }
    await database.close();
    await tg.start();
    const common = { apiRoot: tg.apiRoot, token: tg.token, secret: SECRET, botInfo: tg.botInfo };

    console.log(`chat bench: ${CUSTOMERS} customers, ${MEASURE_SECONDS} s per phase, Postgres database ${name}`);
    // The bot's Postgres backends, whose CPU counts for the bot; the bench's own admin connection is not one.
    const backends = async () =>
      (await admin`select pid from pg_stat_activity where datname = ${name}`).map((r) => Number(r.pid));
    const product = await startChild('product-bot.ts', { ...common, databaseUrl });
    children.push(product);
    const productResult = await measure(tg, 'product', product, backends);
    await stopChild(product);
    children.pop();

    const echo = await startChild('echo-bot.ts', common);
    children.push(echo);
    const echoResult = await measure(tg, 'echo', echo, backends);
    await stopChild(echo);
    children.pop();

    const productRun = report('potret bot', productResult);
    const echoRun = report('echo bot', echoResult);
    const p99 = percentile(productResult.latency.latencies, 99);
    const ratio = productRun.rate / echoRun.rate;
    console.log(
      `potret/echo throughput: ${(ratio * 100).toFixed(0)} %  (target ≥ 30 %: ${ratio >= 0.3 ? 'met' : 'NOT met'}); p99 target < 100 ms: ${p99 < 100 ? 'met' : 'NOT met'}`,
    );
    // On a machine the bench has to itself, throughput is CPU-bound: this is the ratio it would show.
    console.log(`potret/echo by CPU per update: ${((echoRun.cpu / productRun.cpu) * 100).toFixed(0)} %`);
  } finally {
    for (const child of children) await stopChild(child);
    await tg.stop();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

await main();
