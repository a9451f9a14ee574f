import type { DbOrTx } from '../../db/client.ts';

/**
 * How long reference data read by the chat may be reused, in milliseconds. 30 s: an owner's edit in the
 * admin (opening hours, prices, add-ons) shows in the chat within half a minute, while a busy chat
 * reads the settings and the catalog once per half minute instead of on every step.
 */
export const READ_CACHE_TTL_MS = 30_000;

/**
 * A short-lived, per-process store of reference data (studio settings, the catalog) for reads that
 * only show things: choosing, listing, pricing a draft. Never for the checks of a write —
 * createReservation and the admin read everything fresh inside their own transaction — and never for
 * reservations, whose capacity changes with every booking. Values are shared between turns: treat
 * them as read-only.
 */
export interface ReadCache {
  /** The value under `key`, loaded with `load(db)` when missing or older than the TTL. */
  get<T>(key: string, db: DbOrTx, load: (db: DbOrTx) => Promise<T>): Promise<T>;
  /** Forgets everything, so the next read loads fresh (an admin edit in the same process may call it). */
  clear(): void;
}

export interface ReadCacheOptions {
  /** Milliseconds, at most READ_CACHE_TTL_MS; 0 turns caching off. */
  ttlMs?: number;
  /** Milliseconds clock, for tests. */
  now?: () => number;
}

export function createReadCache(options: ReadCacheOptions = {}): ReadCache {
  const ttlMs = options.ttlMs ?? READ_CACHE_TTL_MS;
  if (!(ttlMs >= 0 && ttlMs <= READ_CACHE_TTL_MS)) {
    throw new RangeError(`read cache TTL must be 0..${READ_CACHE_TTL_MS} ms, got ${ttlMs}`);
  }
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: unknown; loadedAt: number }>();
  // Bumped by clear(): a load that started before it must not store what it read.
  let generation = 0;
  return {
    async get<T>(key: string, db: DbOrTx, load: (db: DbOrTx) => Promise<T>): Promise<T> {
      const at = now();
      const entry = entries.get(key);
      if (entry && at - entry.loadedAt < ttlMs) return entry.value as T;
      // Only settled values are shared: a load failing with its turn's transaction fails that turn only.
      const started = generation;
      const value = await load(db);
      if (started === generation && ttlMs > 0) entries.set(key, { value, loadedAt: at });
      return value;
    },
    clear() {
      generation++;
      entries.clear();
    },
  };
}
