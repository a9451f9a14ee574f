import { formatNumber } from '../../../src/i18n/index.ts';
import type { Quote } from '../../../src/reservations/types.ts';
import { parseIsoDate, zonedTimeToInstant } from '../../../src/time.ts';
import { type Ctx, customerIdOf, money, num, pick, str, tr, when } from '../context.ts';
import { availableSlots, offersForProduct, quoteReservation } from '../domain.ts';

/** "2026-12-05T02:00Z": a slot start in a choice id, minute precision, 17 bytes. */
export const slotId = (at: Date) => `${at.toISOString().slice(0, 16)}Z`;
export const parseSlotId = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/.test(text)) return undefined;
  const at = new Date(text.replace('Z', ':00Z'));
  return Number.isNaN(at.getTime()) ? undefined : at;
};

/** The booking being put together, as the booking steps keep it in the session's step data. */
export interface Draft {
  productId: number;
  date?: string;
  startAt?: string;
  bundleIds: number[];
  points: number;
  fromCatalog?: boolean;
}

export function draft(ctx: Ctx): Draft {
  const data = ctx.session.data;
  const bundleIds = Array.isArray(data.bundleIds)
    ? data.bundleIds.filter((n): n is number => typeof n === 'number')
    : [];
  const d: Draft = { productId: num(data, 'productId') ?? 0, bundleIds, points: num(data, 'points') ?? 0 };
  const date = str(data, 'date');
  const startAt = str(data, 'startAt');
  if (date) d.date = date;
  if (startAt) d.startAt = startAt;
  if (data.fromCatalog === true) d.fromCatalog = true;
  return d;
}

export const zone = (ctx: Ctx) => ({ now: ctx.now, timeZone: ctx.deps.timeZone });

/** Noon of a local date, for showing it ("Sab, 5 Des") without a zone edge. */
export const dateInstant = (ctx: Ctx, iso: string) =>
  zonedTimeToInstant(parseIsoDate(iso)!, '12:00', ctx.deps.timeZone);

/**
 * Reads repeated within one turn (a choice is checked against the slots, then the next prompt lists
 * them) are asked once: availability is the costliest read of the booking steps.
 */
export const turnMemo = new WeakMap<Ctx, Map<string, Promise<unknown>>>();
function once<T>(ctx: Ctx, key: string, read: () => Promise<T>): Promise<T> {
  let memo = turnMemo.get(ctx);
  if (!memo) {
    memo = new Map();
    turnMemo.set(ctx, memo);
  }
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = read();
    memo.set(key, value);
  }
  return value;
}

export const slotsOn = (ctx: Ctx, d: Draft) =>
  once(ctx, `slots:${d.productId}:${d.date}`, () =>
    availableSlots(ctx.db, { productId: d.productId, date: d.date ?? '', ...zone(ctx) }, ctx.deps.cache),
  );
export const offersFor = (ctx: Ctx, productId: number) =>
  once(ctx, `offers:${productId}`, () => offersForProduct(ctx.db, productId, ctx.now, ctx.deps.cache));

export function quoteOf(ctx: Ctx, d: Draft, points: number): Promise<Quote> {
  return once(ctx, `quote:${d.productId}:${d.startAt}:${d.bundleIds.join(',')}:${points}`, () =>
    quoteReservation(ctx.db, {
      customerId: customerIdOf(ctx),
      productId: d.productId,
      startAt: new Date(d.startAt!),
      bundleIds: d.bundleIds,
      pointsToRedeem: points,
      now: ctx.now,
    }),
  );
}

/** The summary before confirming: each add-on at the price paid in its bundle, with what it saves. */
export function summaryText(ctx: Ctx, quote: Quote): string {
  const locale = ctx.session.locale;
  const lines = [tr(ctx, 'chat.booking.summaryTitle'), '', `🗓️ ${when(ctx, quote.startAt)}`];
  for (const item of quote.items) {
    const saving =
      item.saving > 0 ? ` ${tr(ctx, 'chat.booking.saving', { amount: money(item.saving) })}` : '';
    lines.push(`• ${pick(locale, item.name, item.nameEn)} — ${money(item.lineTotal - item.saving)}${saving}`);
  }
  lines.push('');
  if (quote.pointsRedeemed > 0) {
    lines.push(tr(ctx, 'chat.booking.subtotal', { amount: money(quote.subtotal - quote.discount) }));
    lines.push(
      tr(ctx, 'chat.booking.pointsUsed', {
        points: formatNumber(quote.pointsRedeemed, locale),
        amount: money(quote.pointsValue),
      }),
    );
  }
  lines.push(tr(ctx, 'chat.booking.total', { amount: money(quote.total) }));
  return lines.join('\n');
}
