import type { Context } from 'hono';
import type { MessageKey, Translate } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/i18n/locale.ts';
import type { SessionStaff } from '../../src/staff/index.ts';
import type { AdminEnv } from '../env.ts';

/** What every page component needs from the request. */
export interface PageContext {
  t: Translate;
  locale: Locale;
  staff: SessionStaff;
  csrf: string;
  timeZone: string;
  path: string;
  flash: string | undefined;
}

export function pageContext(c: Context<AdminEnv>, timeZone: string): PageContext {
  const flash = c.req.query('flash');
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    staff: c.get('staff'),
    csrf: c.get('csrf'),
    timeZone,
    path: c.req.path,
    flash: flash && /^[a-zA-Z]{1,40}$/.test(flash) ? flash : undefined,
  };
}

/**
 * Translates a message that may be a text key ("admin.v.required", from our schemas) or plain text
 * (a domain schema's own message); plain text is shown as it is.
 */
export function translateMaybe(t: Translate, message: string): string {
  if (/^(admin|errors|common)\.[\w.]+$/.test(message)) {
    const text = t(message as MessageKey);
    return text === message ? message : text;
  }
  return message;
}
