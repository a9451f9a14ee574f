import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, type LockHolder, lockDataDir } from '../../src/data-dir-lock.ts';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/hold-lock.ts');

interface Holder {
  child: ChildProcess;
  /** The JSON line the process printed: locked or refused. */
  said: Promise<{ result: 'locked' | 'refused'; pid: number; message?: string }>;
  exited: Promise<number | null>;
}

/** Another process taking DATA_DIR's lock, as a second `npm start` would. */
function holdLock(dataDir: string, holdMs: number, address = ''): Holder {
  const args = [dataDir, String(holdMs), address];
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const said = new Promise<Awaited<Holder['said']>>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code} before saying anything: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, said, exited };
}

/** A pid no process has now: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const staleRecord = (pid: number, extra: Partial<LockHolder> = {}): LockHolder => ({
  pid,
  host: os.hostname(),
  bootId: undefined,
  startTicks: undefined,
  startedAt: '2026-01-01T00:00:00.000Z',
  address: 'http://localhost:3000',
  token: 'old',
  ...extra,
});

describe("DATA_DIR's lock: one process owns the embedded database", () => {
  let dataDir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-lock-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second process while the first runs, naming its pid and address, and is free once it stopped', async () => {
    const first = holdLock(dataDir, 0, 'http://localhost:3999');
    children.push(first.child);
    expect((await first.said).result).toBe('locked');

    const before = await readdir(dataDir);
    const second = lockDataDir(dataDir);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(
      `Potret is already running on DATA_DIR ${dataDir}: pid ${first.child.pid}, serving http://localhost:3999. ` +
        `Use that one, or stop it first (kill ${first.child.pid})`,
    );
    // Refused before it wrote anything.
    expect(await readdir(dataDir)).toEqual(before);

    first.child.kill('SIGTERM');
    await first.exited;
    // SIGTERM without a handler skips release: the dead holder's lock is taken over all the same.
    const lock = await lockDataDir(dataDir);
    await lock.release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('takes over a lock left by a process killed with kill -9', async () => {
    const first = holdLock(dataDir, 0);
    children.push(first.child);
    expect((await first.said).result).toBe('locked');
    first.child.kill('SIGKILL');
    await first.exited;

    const lock = await lockDataDir(dataDir);
    const holder = JSON.parse(await readFile(path.join(dataDir, LOCK_FILE), 'utf8')) as LockHolder;
    expect(holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('a pid that now belongs to another process, or to this one after a container restart, holds nothing', async () => {
    // The parent of this test runs, but started at another time than the recorded holder.
    const reused = staleRecord(process.ppid, { startTicks: '1', bootId: undefined });
    await writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify(reused));
    await (await lockDataDir(dataDir)).release();

    await writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify(staleRecord(process.pid)));
    await (await lockDataDir(dataDir)).release();
  });

  it('of six starts racing for a dead process’s lock, exactly one takes it and the others name it', async () => {
    await writeFile(path.join(dataDir, LOCK_FILE), JSON.stringify(staleRecord(await deadPid())));
    // Six live processes to take it for, racing in this one: every step of each interleaves with the others'.
    const sleepers = Array.from({ length: 6 }, () => spawn('sleep', ['60']));
    children.push(...sleepers);
    const results = await Promise.allSettled(sleepers.map((sleeper) => lockDataDir(dataDir, { pid: sleeper.pid! })));
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ lock: r.value, pid: sleepers[i]!.pid! }] : []));
    expect(winners).toHaveLength(1);
    for (const loser of results) {
      if (loser.status === 'fulfilled') continue;
      expect(loser.reason).toBeInstanceOf(DataDirLockedError);
      expect((loser.reason as Error).message).toContain(`pid ${winners[0]!.pid},`);
    }
    await winners[0]!.lock.release();
    // No takeover or temporary file is left behind.
    expect(await readdir(dataDir)).toEqual([]);
  });
});
