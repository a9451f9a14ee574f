import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * One process owns DATA_DIR's embedded database: PGlite has no lock of its own, and two processes on
 * one data directory both answered customers, handed out the same customer code and lost a row.
 *
 * An O_EXCL-style pid file (written whole to a temporary name, then link()ed into place, which fails
 * when the file exists), checked by whether its pid still lives. A pid file is exact where an mtime
 * lock (proper-lockfile) guesses: a start right after `kill -9` is not refused for the stale period,
 * and a holder whose event loop PGlite's WebAssembly blocks for seconds is never judged dead.
 */

export const LOCK_FILE = 'potret.lock';

/** What the holder writes into the lock: enough to tell whether it still runs, and where it serves. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Linux: the kernel's boot id and the process's start time in clock ticks, so a reused pid is no holder. */
  bootId: string | undefined;
  startTicks: string | undefined;
  startedAt: string;
  /** The address the holder serves, once it listens; undefined while it starts or in a role without pages. */
  address: string | undefined;
  token: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(lockedMessage(dataDir, holder));
    this.name = 'DataDirLockedError';
  }
}

function lockedMessage(dataDir: string, holder: LockHolder): string {
  const where = holder.address ? `serving ${holder.address}` : 'still starting, or serving no pages';
  const host = holder.host === os.hostname() ? '' : ` on host ${holder.host}`;
  return (
    `Potret is already running on DATA_DIR ${dataDir}: pid ${holder.pid}${host}, ${where}. ` +
    `Use that one, or stop it first (kill ${holder.pid}); a second process on one embedded database loses data.`
  );
}

export interface DataDirLock {
  /** Records the address this process serves, for the message a second start prints. */
  setAddress: (address: string) => Promise<void>;
  /** Removes the lock if it is still this process's. */
  release: () => Promise<void>;
}

/** Linux's /proc facts about a process; undefined elsewhere or when it is gone. */
function procStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the name in field 2 may hold spaces and parentheses, so count from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the recorded holder still runs. A holder on another host cannot be checked and counts as
 * running. Our own pid is a stale file (a container restarts with the same pid); so is a pid that
 * now belongs to a process started at another time, or in another boot.
 */
export function holderRuns(holder: LockHolder, selfPid = process.pid): boolean {
  if (holder.host !== os.hostname()) return true;
  if (holder.pid === selfPid || !pidRuns(holder.pid)) return false;
  const boot = bootId();
  if (holder.bootId && boot && holder.bootId !== boot) return false;
  const ticks = procStartTicks(holder.pid);
  if (holder.startTicks && ticks && holder.startTicks !== ticks) return false;
  return true;
}

async function readHolder(file: string): Promise<LockHolder | 'none' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string' ? (parsed as LockHolder) : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Writes `holder` to a temporary file beside `file`, to be linked or renamed into place whole. */
async function writeTemporary(file: string, holder: LockHolder): Promise<string> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  return temporary;
}

/** Creates `file` holding `holder` only if no such file exists; false when one does. */
async function createExclusive(file: string, holder: LockHolder): Promise<boolean> {
  const temporary = await writeTemporary(file, holder);
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Replaces a dead holder's lock with ours. Two starts may find the same dead holder: the one that
 * creates the takeover file first replaces the lock, and the other finds a new holder when it looks
 * again. The takeover file lives for a few ms; one left by a process killed inside that window is
 * removed once its own pid is gone.
 */
async function takeOver(file: string, dead: LockHolder | 'unreadable', mine: LockHolder): Promise<boolean> {
  const guard = `${file}.takeover`;
  if (!(await createExclusive(guard, mine))) {
    const guardHolder = await readHolder(guard);
    if (guardHolder === 'unreadable' || (guardHolder !== 'none' && !holderRuns(guardHolder, mine.pid))) {
      await unlink(guard).catch(() => undefined);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }
  try {
    const now = await readHolder(file);
    const unchanged = now === 'unreadable' ? dead === 'unreadable' : now !== 'none' && dead !== 'unreadable' && now.token === dead.token;
    if (!unchanged) return false;
    await rename(await writeTemporary(file, mine), file);
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/**
 * Takes DATA_DIR's lock or throws DataDirLockedError naming the process that holds it. A running
 * holder is found before this process writes anything; a dead one's lock is taken over. `as` names
 * the process the lock is taken for: this one, except in tests that race several in one process.
 */
export async function lockDataDir(dataDir: string, as: { pid: number } = { pid: process.pid }): Promise<DataDirLock> {
  const file = path.join(dataDir, LOCK_FILE);
  const existing = await readHolder(file);
  if (existing !== 'none' && existing !== 'unreadable' && holderRuns(existing, as.pid)) {
    throw new DataDirLockedError(dataDir, existing);
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let mine: LockHolder = {
    pid: as.pid,
    host: os.hostname(),
    bootId: bootId(),
    startTicks: procStartTicks(as.pid),
    startedAt: new Date().toISOString(),
    address: undefined,
    token: randomBytes(8).toString('hex'),
  };
  // Each round either takes the lock, finds a running holder, or lost a takeover race and looks again.
  for (let round = 0; round < 20; round += 1) {
    if (await createExclusive(file, mine)) return handle(file, () => mine, (next) => (mine = next));
    const holder = await readHolder(file);
    if (holder === 'none') continue;
    if (holder !== 'unreadable' && holderRuns(holder, as.pid)) throw new DataDirLockedError(dataDir, holder);
    if (await takeOver(file, holder, mine)) return handle(file, () => mine, (next) => (mine = next));
  }
  throw new Error(`Could not lock DATA_DIR ${dataDir}: its lock file ${file} keeps changing`);
}

function handle(file: string, current: () => LockHolder, update: (next: LockHolder) => void): DataDirLock {
  const stillMine = async () => {
    const now = await readHolder(file);
    return now !== 'none' && now !== 'unreadable' && now.token === current().token;
  };
  return {
    setAddress: async (address) => {
      if (!(await stillMine())) return;
      update({ ...current(), address });
      await rename(await writeTemporary(file, current()), file);
    },
    release: async () => {
      if (await stillMine()) await unlink(file).catch(() => undefined);
    },
  };
}
