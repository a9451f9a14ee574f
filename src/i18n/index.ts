import type { ErrorCode } from '../errors.ts';
import type { Locale } from './locale.ts';
import { admin } from './messages/admin.ts';
import { chat } from './messages/chat.ts';
import { common } from './messages/common.ts';
import { errors } from './messages/errors.ts';
import { notifications } from './messages/notifications.ts';
import { whatsapp } from './messages/whatsapp.ts';

export * from './format.ts';
export * from './locale.ts';

const catalogs = { common, errors, chat, notifications, admin, whatsapp };
type Catalogs = typeof catalogs;

/** Every text key, as "area.key", checked by the compiler. */
export type MessageKey = {
  [Area in keyof Catalogs]: `${Area}.${Extract<keyof Catalogs[Area]['id'], string>}`;
}[keyof Catalogs];

export type MessageParams = Record<string, string | number>;

/** The text for `key` in `locale`, with {placeholders} filled. A missing param stays visible as {name}. */
export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const dot = key.indexOf('.');
  const area = key.slice(0, dot) as keyof Catalogs;
  const name = key.slice(dot + 1);
  const table = catalogs[area][locale] as Record<string, string>;
  const template = table[name] ?? (catalogs[area].id as Record<string, string>)[name] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, param: string) =>
    params[param] === undefined ? match : String(params[param]),
  );
}

export function errorMessage(locale: Locale, code: ErrorCode): string {
  return t(locale, `errors.${code}`);
}

/** A translator bound to one locale, for faces that render many texts. */
export function translator(locale: Locale) {
  return (key: MessageKey, params?: MessageParams) => t(locale, key, params);
}
export type Translate = ReturnType<typeof translator>;
