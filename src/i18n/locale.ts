export const locales = ['id', 'en'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
  return value === 'id' || value === 'en';
}

/** Telegram's language_code ("en", "en-US", "id") to our locale; Indonesian unless clearly English. */
export function localeFromLanguageCode(code: string | undefined | null, fallback: Locale = 'id'): Locale {
  if (!code) return fallback;
  return code.toLowerCase().startsWith('en') ? 'en' : code.toLowerCase().startsWith('id') ? 'id' : fallback;
}
