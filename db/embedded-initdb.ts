import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * PGlite's settings for Potret's embedded database. PostgreSQL's default shared_buffers (128MB) is
 * touched whole when PGlite starts, and WebAssembly memory never shrinks: a studio's database (a few
 * MB to a few hundred) fits in 32MB of buffers, and the operating system's page cache keeps the rest
 * of its files (bench/memory: the embedded start's RSS, 128MB -> 32MB: see its header).
 */
export const EMBEDDED_SETTINGS = ['shared_buffers=32MB'];

const asParams = (settings: readonly string[]) => settings.flatMap((setting) => ['-c', setting]);

/** PGlite's own start parameters with Potret's settings after them (a later -c wins). */
export const embeddedStartParams = (defaults: readonly string[]) => [...defaults, ...asParams(EMBEDDED_SETTINGS)];

/**
 * PGlite's first open runs initdb, which holds three WebAssembly instances at once (~700-850 MB RSS),
 * and the process keeps that memory for good. So a short-lived child process creates the data
 * directory, in a folder beside it renamed into place once complete (a crash leaves no half-made
 * database behind), and this process only ever reopens it (~250 MB).
 */
export async function initdbIfNeeded(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  if ((await readdir(dir).catch(() => [])).length > 0) {
    throw new Error(`${dir} holds files but no database (no PG_VERSION): move it away to start with a new one`);
  }
  const building = `${dir}.initdb-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const script = [
    `const { PGlite } = await import(${JSON.stringify(pglite)});`,
    `const db = await PGlite.create({ dataDir: process.argv[1], initDbStartParams: ${JSON.stringify(asParams(EMBEDDED_SETTINGS))} });`,
    'await db.close();',
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, building], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0 || !existsSync(path.join(building, 'PG_VERSION'))) {
    await rm(building, { recursive: true, force: true });
    throw new Error(`Creating the embedded database in ${dir} failed (initdb exited with ${code}): ${stderr.trim()}`);
  }
  // An empty folder (made by an earlier start that stopped before this) gives way to the new one.
  await rmdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(building, dir);
}
