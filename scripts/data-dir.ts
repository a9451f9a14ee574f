import { type Config, ConfigError, loadConfig } from '../src/config.ts';
import { DataDirLockedError, lockDataDir } from '../src/data-dir-lock.ts';
import { correctDataDirModes, privateFilesFromNowOn } from '../src/data-dir-modes.ts';

/**
 * Runs a database command line as `npm start` treats DATA_DIR: private files, and on the embedded
 * database DATA_DIR's lock (a running Potret refuses it: the command would open a second PGlite on
 * the same files). Config errors and a held lock end with one line, as at start-up.
 */
export async function withDataDirFor(command: string, run: (config: Config) => Promise<void>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
  privateFilesFromNowOn();
  if (config.database.kind !== 'embedded') return run(config);
  const lock = await lockDataDir(config.dataDir).catch((error: unknown) => {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(`${command}: ${error.message}`);
    process.exit(75);
  });
  try {
    await run(config);
    await correctDataDirModes(config.dataDir);
  } finally {
    await lock.release();
  }
}
