import type { DbOrTx } from '../../db/client.ts';
import {
  formatClock,
  formatDate,
  formatDateTime,
  formatRupiah,
  formatShortDate,
  type Locale,
  type MessageKey,
  type MessageParams,
  t,
} from '../../src/i18n/index.ts';
import {
  type Choice,
  type ChoiceRows,
  type OutboundMessage,
  textMessage,
} from '../../src/messaging/messages.ts';
import type { ChatSession, ConversationDeps, SessionData } from './types.ts';
import { MENU_BUTTON_ID } from '../../src/messaging/chat-actions.ts';

/** What a step sees while it handles one input. */
export interface Ctx {
  deps: ConversationDeps;
  /** A savepoint inside the chat's transaction: a failed step rolls back its own writes only. */
  db: DbOrTx;
  /** Working copy; thrown away when the step fails. */
  session: ChatSession;
  now: Date;
  /** Moves to `step` with fresh step data. */
  go: (step: string, data?: SessionData) => void;
  /** The current step's prompt (after a `go`, the new step's). */
  prompt: () => Promise<OutboundMessage[]>;
}

export const tr = (ctx: Ctx, key: MessageKey, params?: MessageParams) => t(ctx.session.locale, key, params);

export const money = formatRupiah;
export const longDate = (ctx: Ctx, at: Date) => formatDate(at, ctx.session.locale, ctx.deps.timeZone);
export const shortDate = (ctx: Ctx, at: Date) => formatShortDate(at, ctx.session.locale, ctx.deps.timeZone);
/** "14.00": the time alone, for slot buttons under a prompt that names the day. */
export const clock = (ctx: Ctx, at: Date) => formatClock(at, ctx.session.locale, ctx.deps.timeZone);
export const when = (ctx: Ctx, at: Date) => formatDateTime(at, ctx.session.locale, ctx.deps.timeZone);

/** A localized name: the English column when the chat is in English and one exists. */
export const pick = (locale: Locale, id: string, en: string | null | undefined) => (locale === 'en' && en ? en : id);

export const choice = (id: string, label: string): Choice => ({ id, label });

/** Lays buttons out `perRow` to a row. */
export function grid(choices: Choice[], perRow = 1): ChoiceRows {
  const rows: ChoiceRows = [];
  for (let i = 0; i < choices.length; i += perRow) rows.push(choices.slice(i, i + perRow));
  return rows;
}

/** The "Batal" row every step ends with: back to the menu from anywhere. */
export const cancelRow = (ctx: Ctx): Choice[] => [choice('x', tr(ctx, 'chat.btn.cancel'))];
export const menuRow = (ctx: Ctx): Choice[] => [choice(MENU_BUTTON_ID, tr(ctx, 'chat.btn.menu'))];
export const backRow = (ctx: Ctx, backId: string): Choice[] => [
  choice(backId, tr(ctx, 'chat.btn.back')),
  choice('x', tr(ctx, 'chat.btn.cancel')),
];

/** A text message, without an empty keyboard. */
export const say = textMessage;

/** Keeps a typed answer readable and bounded before it goes to the domain. */
export function cleanText(text: string, max: number): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Reads a number from step data written by this code; NaN-safe. */
export function num(data: SessionData, key: string): number | undefined {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function str(data: SessionData, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

/** The integer after `prefix` in a choice id like "bk:p:12", or undefined. */
export function idAfter(id: string, prefix: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const rest = id.slice(prefix.length);
  return /^\d{1,9}$/.test(rest) ? Number(rest) : undefined;
}

/** Moves to a step and shows its prompt: how one journey hands over to another without importing it. */
export async function enter(ctx: Ctx, step: string, data?: SessionData): Promise<OutboundMessage[]> {
  ctx.go(step, data);
  return ctx.prompt();
}

export const toMenu = (ctx: Ctx) => enter(ctx, 'menu');

/** The customer this chat belongs to; steps after registration only. */
export function customerIdOf(ctx: Ctx): number {
  const id = ctx.session.customerId;
  if (id === null) throw new Error('step needs a registered customer');
  return id;
}
