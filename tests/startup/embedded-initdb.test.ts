import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initdbIfNeeded } from '../../db/embedded-initdb.ts';

describe('creating the embedded database', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'potret-initdb-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('never runs initdb over a folder that holds files but no database, and says so', async () => {
    const dir = path.join(dataDir, 'pglite');
    await mkdir(dir);
    await writeFile(path.join(dir, 'notes.txt'), 'the studio’s own file');
    await expect(initdbIfNeeded(dir)).rejects.toThrow(`${dir} holds files but no database (no PG_VERSION)`);
    expect(await readdir(dir)).toEqual(['notes.txt']);
    expect(await readdir(dataDir)).toEqual(['pglite']);
  });

  it('leaves an existing database alone', async () => {
    const dir = path.join(dataDir, 'pglite');
    await mkdir(dir);
    await writeFile(path.join(dir, 'PG_VERSION'), '18\n');
    await initdbIfNeeded(dir);
    expect(await readdir(dir)).toEqual(['PG_VERSION']);
  });
});
