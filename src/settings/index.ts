export { type SettingsPatch, settingsPatchSchema } from './schema.ts';
export { getSettings, type StudioSettings, updateSettings } from './settings.ts';

/** The studio's zone when the caller passes none; config.timeZone (TZ) overrides it at the faces. */
export const STUDIO_TIME_ZONE = 'Asia/Jakarta';
