import { isAppError } from '../../../src/errors.ts';
import { errorMessage, formatNumber } from '../../../src/i18n/index.ts';
import { parseIsoDate } from '../../../src/time.ts';
import {
  backRow,
  type Ctx,
  cancelRow,
  choice,
  clock,
  customerIdOf,
  enter,
  grid,
  idAfter,
  longDate,
  money,
  num,
  pick,
  say,
  shortDate,
  str,
  tr,
  when,
} from '../context.ts';
import {
  availableDates,
  createReservation,
  getProduct,
  getSettings,
  listProducts,
} from '../domain.ts';
import {
  dateInstant,
  type Draft,
  draft,
  offersFor,
  parseSlotId,
  quoteOf,
  slotId,
  slotsOn,
  summaryText,
  turnMemo,
  zone,
} from './booking-draft.ts';
import { takeProof } from './proof.ts';
import type { Replies, StepTable } from '../step.ts';
import { durationText } from './catalog.ts';
import { MENU_BUTTON_ID } from '../../../src/messaging/chat-actions.ts';

/** Add-ons come after the slot, unless the package has none on offer; going back skips them the same way. */
async function goAddons(ctx: Ctx, d: Draft, direction: 'forward' | 'back'): Replies {
  const offers = await offersFor(ctx, d.productId);
  if (offers.length > 0) return enter(ctx, 'bk.addons', { ...d });
  return direction === 'forward'
    ? goPoints(ctx, d, 'forward')
    : enter(ctx, 'bk.slot', { ...d, startAt: undefined });
}

async function goPoints(ctx: Ctx, d: Draft, direction: 'forward' | 'back'): Replies {
  const quote = await quoteOf(ctx, d, 0);
  if (quote.maxRedeemablePoints > 0) return enter(ctx, 'bk.points', { ...d, points: 0 });
  return direction === 'forward' ? enter(ctx, 'bk.summary', { ...d, points: 0 }) : goAddons(ctx, d, 'back');
}

async function confirm(ctx: Ctx): Replies {
  const d = draft(ctx);
  let created: Awaited<ReturnType<typeof createReservation>>;
  try {
    created = await createReservation(ctx.db, {
      customerId: customerIdOf(ctx),
      productId: d.productId,
      startAt: new Date(d.startAt!),
      bundleIds: d.bundleIds,
      pointsToRedeem: d.points,
      channel: ctx.session.channel,
      now: ctx.now,
      timeZone: ctx.deps.timeZone,
    });
  } catch (error) {
    // Someone took the slot while the customer read the summary, or the customer already holds a booking
    // at that time: back to the times, with the reason.
    if (
      isAppError(error) &&
      (error.code === 'SLOT_FULL' || error.code === 'SLOT_IN_PAST' || error.code === 'CUSTOMER_DOUBLE_BOOKED')
    ) {
      turnMemo.delete(ctx);
      const message = say(errorMessage(ctx.session.locale, error.code));
      return [message, ...(await enter(ctx, 'bk.slot', { ...d, startAt: undefined, points: 0 }))];
    }
    throw error;
  }
  const { reservation } = created;
  // Not from the read cache: the accounts to transfer to are the ones saved now.
  const settings = await getSettings(ctx.db);
  const banks = settings.bankAccounts.map((b) => tr(ctx, 'chat.booking.bank', { ...b })).join('\n');
  const hold = tr(ctx, 'chat.booking.held', {
    code: reservation.code,
    when: when(ctx, reservation.startAt),
    total: money(reservation.total),
    deadline: reservation.paymentDeadline ? when(ctx, reservation.paymentDeadline) : '-',
    banks,
  });
  ctx.go('bk.proof', { reservationId: reservation.id, code: reservation.code });
  return [say(hold), ...(await ctx.prompt())];
}

export const bookingSteps: StepTable = {
  'bk.product': {
    choices: ['bk:p:'],
    prompt: async (ctx) => {
      const products = await listProducts(ctx.db, { kind: 'package' }, ctx.deps.cache);
      const locale = ctx.session.locale;
      const buttons = products.map((p) =>
        choice(`bk:p:${p.id}`, `${pick(locale, p.name, p.nameEn)} — ${money(p.price)}`),
      );
      return [say(tr(ctx, 'chat.booking.pickProduct'), [...grid(buttons, 1), cancelRow(ctx)])];
    },
    choice: async (ctx, id) => {
      const productId = idAfter(id, 'bk:p:');
      if (productId === undefined) return ctx.prompt();
      // The date step's prompt reads the product (PRODUCT_NOT_FOUND for a stale button) in this turn.
      return enter(ctx, 'bk.date', { productId });
    },
  },
  'bk.date': {
    choices: ['bk:d:', 'bk:back'],
    prompt: async (ctx) => {
      const d = draft(ctx);
      const [product, dates] = await Promise.all([
        getProduct(ctx.db, d.productId, ctx.deps.cache),
        availableDates(ctx.db, { productId: d.productId, ...zone(ctx) }, ctx.deps.cache),
      ]);
      const head = tr(ctx, 'chat.booking.productLine', {
        product: pick(ctx.session.locale, product.name, product.nameEn),
        price: money(product.price),
        duration: durationText(ctx, product.durationMinutes),
      });
      if (dates.length === 0) {
        return [say(`${head}\n\n${tr(ctx, 'chat.booking.noDates')}`, [backRow(ctx, 'bk:back')])];
      }
      const buttons = dates.map((x) => choice(`bk:d:${x.date}`, shortDate(ctx, dateInstant(ctx, x.date))));
      return [
        say(`${head}\n\n${tr(ctx, 'chat.booking.pickDate')}`, [...grid(buttons, 3), backRow(ctx, 'bk:back')]),
      ];
    },
    choice: async (ctx, id) => {
      const d = draft(ctx);
      if (id === 'bk:back') return d.fromCatalog ? enter(ctx, 'cat.cats') : enter(ctx, 'bk.product');
      const date = id.slice('bk:d:'.length);
      if (!parseIsoDate(date) || (await slotsOn(ctx, { ...d, date })).length === 0) {
        return [say(tr(ctx, 'chat.booking.dateGone')), ...(await ctx.prompt())];
      }
      return enter(ctx, 'bk.slot', { ...d, date });
    },
  },
  'bk.slot': {
    choices: ['bk:s:', 'bk:back'],
    prompt: async (ctx) => {
      const d = draft(ctx);
      const slots = await slotsOn(ctx, d);
      const day = longDate(ctx, dateInstant(ctx, d.date ?? ''));
      if (slots.length === 0) {
        return [say(tr(ctx, 'chat.booking.noSlots', { date: day }), [backRow(ctx, 'bk:back')])];
      }
      const buttons = slots.map((s) => choice(`bk:s:${slotId(s.startAt)}`, clock(ctx, s.startAt)));
      return [
        say(tr(ctx, 'chat.booking.pickSlot', { date: day }), [...grid(buttons, 4), backRow(ctx, 'bk:back')]),
      ];
    },
    choice: async (ctx, id) => {
      const d = draft(ctx);
      if (id === 'bk:back') return enter(ctx, 'bk.date', { ...d, date: undefined });
      const at = parseSlotId(id.slice('bk:s:'.length));
      const slots = await slotsOn(ctx, d);
      if (!at || !slots.some((s) => s.startAt.getTime() === at.getTime())) {
        return [say(tr(ctx, 'chat.booking.slotGone')), ...(await ctx.prompt())];
      }
      return goAddons(ctx, { ...d, startAt: at.toISOString(), bundleIds: [] }, 'forward');
    },
  },
  'bk.addons': {
    choices: ['bk:a:', 'bk:back'],
    prompt: async (ctx) => {
      const d = draft(ctx);
      const offers = await offersFor(ctx, d.productId);
      const locale = ctx.session.locale;
      const buttons = offers.map((o) => {
        const on = d.bundleIds.includes(o.bundleId);
        const name = pick(locale, o.addon.name, o.addon.nameEn);
        return choice(`bk:a:${o.bundleId}`, `${on ? '✅' : '➕'} ${name} — ${money(o.price)}`);
      });
      const lines = [tr(ctx, 'chat.booking.pickAddons')];
      for (const o of offers) lines.push(`🎁 ${pick(locale, o.name, o.nameEn)}`);
      return [
        say(lines.join('\n'), [
          ...grid(buttons, 1),
          // Two ids, so an older message's 'Tidak, lanjut' still means no add-ons after one was chosen.
          [
            d.bundleIds.length > 0
              ? choice('bk:a:next', tr(ctx, 'chat.btn.next'))
              : choice('bk:a:none', tr(ctx, 'chat.booking.noAddons')),
          ],
          backRow(ctx, 'bk:back'),
        ]),
      ];
    },
    choice: async (ctx, id) => {
      const d = draft(ctx);
      if (id === 'bk:back') return enter(ctx, 'bk.slot', { ...d, startAt: undefined, bundleIds: [] });
      if (id === 'bk:a:next') return goPoints(ctx, d, 'forward');
      if (id === 'bk:a:none') return goPoints(ctx, { ...d, bundleIds: [] }, 'forward');
      const bundleId = idAfter(id, 'bk:a:');
      const offers = await offersFor(ctx, d.productId);
      if (bundleId === undefined || !offers.some((o) => o.bundleId === bundleId)) {
        return [say(tr(ctx, 'errors.BUNDLE_NOT_AVAILABLE')), ...(await ctx.prompt())];
      }
      const bundleIds = d.bundleIds.includes(bundleId)
        ? d.bundleIds.filter((b) => b !== bundleId)
        : [...d.bundleIds, bundleId];
      return enter(ctx, 'bk.addons', { ...d, bundleIds });
    },
  },
  'bk.points': {
    choices: ['bk:pt:', 'bk:back'],
    prompt: async (ctx) => {
      const d = draft(ctx);
      const quote = await quoteOf(ctx, d, 0);
      const max = quote.maxRedeemablePoints;
      const value = (await quoteOf(ctx, d, max)).pointsValue;
      const locale = ctx.session.locale;
      return [
        say(
          tr(ctx, 'chat.booking.askPoints', {
            balance: formatNumber(quote.pointsBalance, locale),
            total: money(quote.total),
          }),
          [
            [
              choice(
                `bk:pt:${max}`,
                tr(ctx, 'chat.booking.usePoints', {
                  points: formatNumber(max, locale),
                  amount: money(value),
                }),
              ),
            ],
            [choice('bk:pt:0', tr(ctx, 'chat.booking.noPoints'))],
            backRow(ctx, 'bk:back'),
          ],
        ),
      ];
    },
    choice: async (ctx, id) => {
      const d = draft(ctx);
      if (id === 'bk:back') return goAddons(ctx, d, 'back');
      const points = idAfter(id, 'bk:pt:') ?? 0;
      // Re-quoted so a balance spent elsewhere meanwhile fails here with POINTS_LIMIT, not at confirm.
      await quoteOf(ctx, d, points);
      return enter(ctx, 'bk.summary', { ...d, points });
    },
  },
  'bk.summary': {
    choices: ['bk:ok', 'bk:back'],
    prompt: async (ctx) => {
      const d = draft(ctx);
      const quote = await quoteOf(ctx, d, d.points);
      return [
        say(summaryText(ctx, quote), [
          [choice('bk:ok', tr(ctx, 'chat.booking.confirm'))],
          backRow(ctx, 'bk:back'),
        ]),
      ];
    },
    choice: async (ctx, id) => {
      const d = draft(ctx);
      if (id === 'bk:back') return goPoints(ctx, { ...d, points: 0 }, 'back');
      return confirm(ctx);
    },
  },
  'bk.proof': {
    prompt: async (ctx) => [
      say(tr(ctx, 'chat.booking.sendProof', { code: str(ctx.session.data, 'code') ?? '' }), [
        [choice(MENU_BUTTON_ID, tr(ctx, 'chat.booking.proofLater'))],
      ]),
    ],
    photo: (ctx, photo, bytes) => takeProof(ctx, num(ctx.session.data, 'reservationId') ?? 0, photo, bytes),
  },
};
