import type { Locale } from '../../../src/i18n/index.ts';
import {
  type Ctx,
  choice,
  customerIdOf,
  enter,
  grid,
  idAfter,
  menuRow,
  say,
  str,
  toMenu,
  tr,
} from '../context.ts';
import {
  getCustomer,
  listCustomerComplaints,
  searchFaq,
  setCustomerLocale,
  setPromoOptIn,
} from '../domain.ts';
import type { GlobalChoice, Replies, StepTable } from '../step.ts';
import { addToComplaint } from './complaints.ts';
import { faqAnswer, forwardQuestion } from './faq.ts';
import { paymentTalk } from './payment-talk.ts';
import { pointsReply } from './points.ts';
import { referralReply } from './referral.ts';
import { MENU_BUTTON_ID, NEW_BOOKING_BUTTON_ID } from '../../../src/messaging/chat-actions.ts';

export { toMenu };

async function menuPrompt(ctx: Ctx): Replies {
  const customer = await getCustomer(ctx.db, customerIdOf(ctx));
  const other: Locale = ctx.session.locale === 'id' ? 'en' : 'id';
  const buttons = [
    choice('m:cat', tr(ctx, 'chat.menu.catalog')),
    choice(NEW_BOOKING_BUTTON_ID, tr(ctx, 'chat.menu.book')),
    choice('m:my', tr(ctx, 'chat.menu.myBookings')),
    choice('m:kel', tr(ctx, 'chat.menu.complaint')),
    choice('m:rate', tr(ctx, 'chat.menu.rate')),
    choice('m:pts', tr(ctx, 'chat.menu.points')),
    choice('m:faq', tr(ctx, 'chat.menu.faq')),
    choice('m:ref', tr(ctx, 'chat.menu.referral')),
    choice(customer.promoOptIn ? 'promo:off' : 'promo:on', tr(ctx, customer.promoOptIn ? 'chat.menu.promoOff' : 'chat.menu.promoOn')),
    choice(`lang:${other}`, tr(ctx, 'chat.menu.language')),
  ];
  return [say(tr(ctx, 'chat.menu.prompt', { name: customer.name }), grid(buttons, 2))];
}

/** Free text at the menu: "sudah transfer" leads to the proof step; otherwise an answer from the FAQ, or a way to pass it on; a reply to an open complaint. */
async function freeText(ctx: Ctx, text: string): Replies {
  const paid = await paymentTalk(ctx, text);
  if (paid) return paid;
  const [[best], complaints] = await Promise.all([
    searchFaq(ctx.db, text, ctx.session.locale, { limit: 1 }),
    listCustomerComplaints(ctx.db, customerIdOf(ctx)),
  ]);
  const open = complaints.filter((c) => c.status !== 'closed').slice(0, 3);
  ctx.go('menu', { pendingText: text.slice(0, 2000) });
  const rows = open.map((c) => [choice(`kel:send:${c.id}`, tr(ctx, 'chat.menu.replyComplaint', { code: c.code }))]);
  if (!best) rows.push([choice('faq:fwd', tr(ctx, 'chat.faq.forward'))]);
  rows.push([choice('m:faq', tr(ctx, 'chat.menu.faq')), ...menuRow(ctx)]);
  if (best) return [say(faqAnswer(ctx, best.entry)), say(tr(ctx, 'chat.menu.helped'), rows)];
  return [say(tr(ctx, open.length > 0 ? 'chat.menu.notUnderstoodComplaint' : 'chat.menu.notUnderstood'), rows)];
}

export const menuSteps: StepTable = {
  menu: {
    choices: ['kel:send:', 'faq:fwd'],
    prompt: menuPrompt,
    text: freeText,
    choice: async (ctx, id) => {
      const pending = str(ctx.session.data, 'pendingText');
      if (!pending) return [say(tr(ctx, 'chat.unexpected.staleButton')), ...(await toMenu(ctx))];
      const complaintId = idAfter(id, 'kel:send:');
      if (complaintId !== undefined) return addToComplaint(ctx, complaintId, pending);
      return forwardQuestion(ctx, pending);
    },
  },
};

/** STOP / MULAI. Before registration the choice waits in the session for registerCustomer. */
async function setPromo(ctx: Ctx, optIn: boolean): Replies {
  if (ctx.session.customerId !== null) {
    await setPromoOptIn(ctx.db, ctx.session.customerId, optIn);
  } else {
    const { promoOptIn: _previous, ...rest } = ctx.session.data;
    ctx.session.data = optIn ? rest : { ...rest, promoOptIn: false };
  }
  return [say(tr(ctx, optIn ? 'chat.promo.on' : 'chat.promo.off')), ...(await ctx.prompt())];
}

export const promoOff = (ctx: Ctx) => setPromo(ctx, false);
export const promoOn = (ctx: Ctx) => setPromo(ctx, true);

export async function setLocale(ctx: Ctx, locale: Locale): Replies {
  ctx.session.locale = locale;
  if (ctx.session.customerId !== null) await setCustomerLocale(ctx.db, ctx.session.customerId, locale);
  return [say(tr(ctx, 'chat.language.set')), ...(await ctx.prompt())];
}

const info = async (ctx: Ctx, replies: Replies) => {
  const out = await replies;
  ctx.go('menu');
  return out;
};

export const menuGlobals: GlobalChoice[] = [
  { prefix: MENU_BUTTON_ID, run: (ctx) => toMenu(ctx) },
  { prefix: 'm:cat', run: (ctx) => enter(ctx, 'cat.cats') },
  { prefix: NEW_BOOKING_BUTTON_ID, run: (ctx) => enter(ctx, 'bk.product') },
  { prefix: 'm:my', run: (ctx) => enter(ctx, 'my.list') },
  { prefix: 'm:kel', run: (ctx) => enter(ctx, 'kel.pick') },
  { prefix: 'm:rate', run: (ctx) => enter(ctx, 'rt.list') },
  { prefix: 'm:faq', run: (ctx) => enter(ctx, 'faq.list') },
  { prefix: 'm:pts', run: (ctx) => info(ctx, pointsReply(ctx)) },
  { prefix: 'm:ref', run: (ctx) => info(ctx, referralReply(ctx)) },
  { prefix: 'promo:off', run: (ctx) => promoOff(ctx) },
  { prefix: 'promo:on', run: (ctx) => promoOn(ctx) },
];
