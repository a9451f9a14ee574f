export type { SettingsPatch } from './schema.ts';
export { getSettings, type StudioSettings, updateSettings } from './settings.ts';
export { createReadCache, READ_CACHE_TTL_MS, type ReadCache, type ReadCacheOptions } from './cache.ts';
