/**
 * Memory benchmark (issue 12 §6): the product as `node --import tsx src/main.ts` starts it, on the
 * embedded database (PGlite in DATA_DIR) and on the machine's PostgreSQL, each for a first start
 * (empty DATA_DIR / new database) and a restart. Each run walks the README's journey (journey.ts:
 * register, book, proof, confirm, the daily admin pages) and prints:
 *
 *   after start   RSS once the product listens (+5 s)
 *   idle          RSS 15 s after the journey; heap (V8 used / total) and PGlite (WebAssembly memory)
 *                 apart, the rest being Node, native libraries and malloc
 *   peak          the product process's high-water mark, and with its children (the embedded
 *                 database's initdb runs in one on a first start)
 *
 * Targets: embedded ≤ 450 MB idle and ≤ 550 MB peak (first start included); PostgreSQL ≤ 200 MB idle.
 * The product runs as package.json's start script runs it; BENCH_PRODUCT_ENV='{"NAME":"value"}'
 * adds to its environment (NODE_OPTIONS, MALLOC_ARENA_MAX…) to try a setting.
 *
 * Run: npm run bench -- memory, or tsx bench/memory/main.ts [embedded|postgres].
 *
 * 2026-12-08, this machine (2 cores, load 3-4), MiB, before (a7ecde9 in a worktree) -> after:
 *                           idle        peak        PGlite (WebAssembly memory, resident)
 *   embedded first start    640 -> 313  903 -> 367  157 -> 53   (+ the initdb child: 692 for ~10 s)
 *   embedded restart        519 -> 332  536 -> 355  158 -> 54
 *   postgres first start    261 -> 183  277 -> 210
 *   postgres restart        217 -> 176  233 -> 195
 * What did it, each measured alone on the same runs' machine (idle, MiB):
 *   - PGlite's first open runs initdb with three WebAssembly instances alive, and WebAssembly memory
 *     never shrinks: initdb now runs in a short-lived child (db/embedded-initdb.ts), the product only
 *     reopens. First-start peak 903 -> 438-460.
 *   - shared_buffers 128MB -> 32MB (PGlite touches all of it at start): PGlite's memory 157 -> 53.
 *     Also given to initdb (-c), which lowers the child's peak 881 -> ~700; that child is PGlite's
 *     floor (its initdb API is not exported, so it cannot run with less than a whole PGlite).
 *   - node --max-semi-space-size=4 (V8's young generation, 16 MB semi-spaces by default) and
 *     MALLOC_ARENA_MAX=2 (glibc made an arena per thread that hashed or resized: argon2, sharp):
 *     postgres restart 210 -> 168-176, first start 256 -> 183-192; embedded restart 406-436 -> 332-352.
 *     Both must be set when node starts, so they are in package.json's start script (and the README's
 *     command for process managers): v8.setFlagsFromString at run time changes nothing.
 * Measured and not kept: sharp.cache(false) (no change); --max-semi-space-size=8 (postgres 191-205);
 * --liftoff-only (PGlite alone 278 -> 214, but node refuses it in NODE_OPTIONS and the targets hold
 * without it); the code bundled with esbuild instead of tsx at run time (postgres idle 190 -> 167,
 * but static files and migrations are found beside their modules). Left: bull-board is imported at
 * start (~14 MB) though only the owner opens /admin/queues.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { testServices } from '../../tests/helpers/services.ts';
import { readmeJourney } from './journey.ts';
import { mib, rssOf, sampleRss, wasmRssOf } from './sampler.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IDLE_WAIT_MS = 15_000;
const STAFF = { email: 'pemilik@studio.test', password: 'rahasia-sekali-123' };
const DB_NAME = `potret_bench_memory_${process.pid}`;
const wanted = process.argv.slice(2);
const kinds = (['embedded', 'postgres'] as const).filter((kind) => wanted.length === 0 || wanted.includes(kind));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface HeapLine {
  heapUsed: number;
  heapTotal: number;
  wasmMemories: number[];
}
interface Row {
  database: string;
  phase: string;
  startSeconds: number;
  afterStart: number;
  idle: number;
  heap: HeapLine;
  /** Resident bytes of PGlite's WebAssembly memory; its allocated size when the mapping was not found. */
  pglite: number;
  pgliteFound: boolean;
  peak: number;
  peakWithChildren: number;
  childPeak: number;
}

/**
 * package.json's start script, `VAR=value node <flags> src/main.ts`, as its environment and node's
 * arguments, so the product is measured as `npm start` runs it (npm's own processes left out).
 */
function startScript(): { env: Record<string, string>; args: string[] } {
  const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  const words = scripts.start!.split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0]?.includes('=')) {
    const [name, value] = words.shift()!.split('=') as [string, string];
    env[name] = value;
  }
  const command = words.shift();
  // tsx's own command line runs node --import tsx in a child process: that child is the product.
  if (command === 'tsx') return { env, args: ['--import', 'tsx', ...words] };
  if (command !== 'node') throw new Error(`npm start does not run node: ${scripts.start}`);
  return { env, args: words };
}

function startProduct(env: Record<string, string>) {
  const script = startScript();
  // The probe goes just before the entry point, after the script's own flags.
  const args = [...script.args.slice(0, -1), '--import', './bench/memory/probe.ts', ...script.args.slice(-1)];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...script.env,
      // To try a setting: BENCH_PRODUCT_ENV='{"MALLOC_ARENA_MAX":"8"}'.
      ...(JSON.parse(process.env.BENCH_PRODUCT_ENV ?? '{}') as Record<string, string>),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const listening = new Promise<number>((resolve, reject) => {
    const poll = setInterval(() => {
      const match = /"port":(\d+),"msg":"http listening"/.exec(output);
      if (match) {
        clearInterval(poll);
        resolve(Number(match[1]));
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`product exited with ${code}:\n${output}`));
    });
  });
  /** The heap as the product's probe reports it on SIGUSR2. */
  const heap = async (): Promise<HeapLine> => {
    const before = output.length;
    child.kill('SIGUSR2');
    for (let i = 0; i < 100; i += 1) {
      const line = /BENCH-MEMORY (\{.*\})/.exec(output.slice(before));
      if (line) return JSON.parse(line[1]!) as HeapLine;
      await sleep(20);
    }
    throw new Error('the probe did not answer');
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, listening, heap, stop };
}

async function run(database: string, phase: string, round: number, env: Record<string, string>): Promise<Row> {
  const began = performance.now();
  const product = startProduct(env);
  const pid = product.child.pid!;
  const sampler = sampleRss(pid);
  try {
    const port = await product.listening;
    const startSeconds = (performance.now() - began) / 1000;
    await sleep(5000);
    const afterStart = rssOf(pid);
    await readmeJourney(`http://127.0.0.1:${port}`, round, STAFF);
    await sleep(IDLE_WAIT_MS);
    const idle = rssOf(pid);
    const heap = await product.heap();
    const resident = wasmRssOf(pid, heap.wasmMemories);
    const pglite = resident ?? heap.wasmMemories.reduce((a, b) => a + b, 0);
    const peaks = sampler.stop();
    return { database, phase, startSeconds, afterStart, idle, heap, pglite, pgliteFound: resident !== undefined, ...peaks };
  } finally {
    sampler.stop();
    await product.stop();
  }
}

async function measure(kind: (typeof kinds)[number]): Promise<Row[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-bench-memory-'));
  const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    REDIS_URL: testServices.redisUrl,
    QUEUE_PREFIX: `potret-bench-mem-${process.pid}-${kind}`,
    ADMIN_EMAIL: STAFF.email,
    ADMIN_PASSWORD: STAFF.password,
  };
  if (kind === 'postgres') {
    await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
    env.DATABASE_URL = testServices.databaseUrlFor(DB_NAME);
  }
  try {
    const rows = [await run(kind, 'first start', 1, env)];
    rows.push(await run(kind, 'restart', 2, env));
    return rows;
  } finally {
    if (kind === 'postgres') await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const kind of kinds) rows.push(...(await measure(kind)));

console.log('\nMiB of RSS        start s  after start  idle  (heap used/total  PGlite  rest)  peak  peak+children (child)');
for (const r of rows) {
  const rest = r.idle - r.heap.heapTotal - r.pglite;
  console.log(
    `${`${r.database} ${r.phase}`.padEnd(24)} ${r.startSeconds.toFixed(1).padStart(5)} ${String(mib(r.afterStart)).padStart(8)}` +
      ` ${String(mib(r.idle)).padStart(9)}   ${String(mib(r.heap.heapUsed)).padStart(6)}/${String(mib(r.heap.heapTotal)).padEnd(6)}` +
      ` ${`${r.pgliteFound ? '' : '≤'}${mib(r.pglite)}`.padStart(8)} ${String(mib(rest)).padStart(5)}  ${String(mib(r.peak)).padStart(6)}` +
      ` ${String(mib(r.peakWithChildren)).padStart(8)} (${mib(r.childPeak)})`,
  );
}
const worst = (database: string, pick: (r: Row) => number) =>
  Math.max(...rows.filter((r) => r.database === database).map(pick), 0);
if (kinds.includes('embedded')) {
  console.log(
    `embedded: idle ${mib(worst('embedded', (r) => r.idle))} MB (target ≤ 450), peak ${mib(worst('embedded', (r) => r.peak))} MB` +
      ` (target ≤ 550; with the initdb child ${mib(worst('embedded', (r) => r.peakWithChildren))} MB)`,
  );
}
if (kinds.includes('postgres')) {
  console.log(`postgres: idle ${mib(worst('postgres', (r) => r.idle))} MB (target ≤ 200)`);
}
