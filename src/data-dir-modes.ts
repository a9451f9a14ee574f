import { chmod, lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { LOCK_FILE } from './data-dir-lock.ts';

/**
 * DATA_DIR holds the embedded database (password hashes, customers' data), the linked WhatsApp
 * session and the cookie-signing secret: only the account Potret runs as may read them.
 */

/** What Potret keeps in DATA_DIR; nothing else there is touched (DATA_DIR may be a folder of the user's). */
const OWN_ENTRIES = ['pglite', 'whatsapp', 'redis', 'session-secret', LOCK_FILE];

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Files created from here on are private to this account: 0700 folders and 0600 files (the child
 * processes, redis-server and WhatsApp's Chromium, inherit it).
 */
export function privateFilesFromNowOn(): void {
  process.umask(0o077);
}

const unlessGone = (error: unknown) => {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
};

/**
 * Makes an existing DATA_DIR 0700 and, in the parts Potret keeps there, every folder 0700 and every
 * file 0600 (PGlite chmods the files it writes to 0666 whatever the umask). Symbolic links and what
 * they point to are left alone. Returns how many modes were changed; a missing DATA_DIR changes none.
 */
export async function correctDataDirModes(dataDir: string): Promise<number> {
  let changed = 0;
  const correct = async (entry: string, isRoot: boolean): Promise<void> => {
    const stat = await lstat(entry);
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) {
        await chmod(entry, PRIVATE_DIR_MODE);
        changed += 1;
      }
      const names = isRoot ? OWN_ENTRIES : await readdir(entry);
      for (const name of names) await correct(path.join(entry, name), false).catch(unlessGone);
    } else if (stat.isFile() && !isRoot && (stat.mode & 0o777) !== PRIVATE_FILE_MODE) {
      await chmod(entry, PRIVATE_FILE_MODE);
      changed += 1;
    }
  };
  // The database may remove a file while this walks.
  await correct(dataDir, true).catch(unlessGone);
  return changed;
}
