import type { Context } from 'hono';
import type { MessageKey, Translate } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/i18n/locale.ts';
import type { SessionStaff } from '../../src/staff/index.ts';
import type { AdminEnv } from '../env.ts';
import { takeFlash } from './flash.ts';

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
  const flash = takeFlash(c);
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    staff: c.get('staff'),
    csrf: c.get('csrf'),
    timeZone,
    path: c.req.path,
    flash,
  };
}

/** A text key, optionally with its values as a query ("admin.v.range?min=15&max=240"). */
const MESSAGE_KEY = /^((?:admin|errors|common)\.[\w.]+)(?:\?([\w=&]*))?$/;

/**
 * Translates a message that may be a text key ("admin.v.required", from our schemas; values for its
 * placeholders ride after '?', as messageWith writes them) or plain text (a domain schema's own
 * message); plain text is shown as it is.
 */
export function translateMaybe(t: Translate, message: string): string {
  const match = MESSAGE_KEY.exec(message);
  if (!match) return message;
  const key = match[1] as MessageKey;
  const text = t(key, match[2] ? Object.fromEntries(new URLSearchParams(match[2])) : undefined);
  return text === key ? message : text;
}

/** A schema message naming a text key and the values for its placeholders, for translateMaybe. */
export function messageWith(key: MessageKey, params: Record<string, string | number>): string {
  return `${key}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
}

/** "Terlalu panjang: paling banyak 2000 karakter." for a text field's zod max, with that field's limit. */
export function tooLong(max: number): string {
  return messageWith('admin.v.tooLongMax', { max });
}
