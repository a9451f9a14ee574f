export { type SettingsPatch, settingsPatchSchema } from './schema.ts';
export { getSettings, type StudioSettings, updateSettings } from './settings.ts';
