import { z } from 'zod';
import { formatPhone } from '../../../src/i18n/index.ts';
import type { OutboundMessage } from '../../../src/messaging/messages.ts';
import { type Ctx, cancelRow, choice, cleanText, enter, say, str, toMenu, tr } from '../context.ts';
import { getSettings, registerCustomer, tryNormalizePhone } from '../domain.ts';
import type { Replies, StepTable } from '../step.ts';

/** Registration data carried from step to step (the referral code from /start ref_CODE among it). */
function carried(ctx: Ctx, extra: Record<string, unknown>) {
  const { lastChoices: _lastChoices, ...rest } = ctx.session.data;
  return { ...rest, ...extra };
}

/** /start for someone new: greet with the studio's name and ask for a name. */
export async function beginRegistration(ctx: Ctx, referral: string | undefined): Replies {
  const settings = await getSettings(ctx.db);
  const keep = str(ctx.session.data, 'referral');
  const data: Record<string, unknown> = {};
  if (referral ?? keep) data.referral = referral ?? keep;
  if (ctx.session.data.promoOptIn === false) data.promoOptIn = false;
  ctx.go('reg.name', data);
  return [say(tr(ctx, 'chat.start.welcome', { studio: settings.studioName })), ...(await ctx.prompt())];
}

const emailSchema = z.email();

async function finish(ctx: Ctx, address: string | undefined): Replies {
  const data = ctx.session.data;
  const result = await registerCustomer(ctx.db, {
    channel: ctx.session.channel,
    externalId: ctx.session.externalId,
    displayName: ctx.deps.displayName ?? null,
    name: str(data, 'name') ?? '',
    phone: str(data, 'phone') ?? '',
    email: str(data, 'email') ?? null,
    address: address ?? null,
    locale: ctx.session.locale,
    referralCode: str(data, 'referral') ?? null,
    ...(data.promoOptIn === false ? { promoOptIn: false } : {}),
  });
  ctx.session.customerId = result.customer.id;
  const lines = [tr(ctx, result.linked ? 'chat.register.linked' : 'chat.register.done', { name: result.customer.name })];
  if (result.referralApplied) lines.push(tr(ctx, 'chat.register.referral'));
  const welcome: OutboundMessage = say(lines.join('\n\n'));
  return [welcome, ...(await toMenu(ctx))];
}

export const registrationSteps: StepTable = {
  'reg.name': {
    anonymous: true,
    choices: ['reg:dn'],
    prompt: async (ctx) => {
      const suggestion = ctx.deps.displayName ? cleanText(ctx.deps.displayName, 60) : '';
      const rows = suggestion ? [[choice('reg:dn', tr(ctx, 'chat.register.useName', { name: suggestion }))]] : [];
      return [say(tr(ctx, 'chat.register.askName'), [...rows, cancelRow(ctx)])];
    },
    text: async (ctx, text) => {
      const name = cleanText(text, 100);
      if (name.length < 2 || /^\d+$/.test(name)) return [say(tr(ctx, 'chat.register.badName')), ...(await ctx.prompt())];
      return enter(ctx, 'reg.phone', carried(ctx, { name }));
    },
    choice: async (ctx) => {
      const name = cleanText(ctx.deps.displayName ?? '', 100);
      if (name.length < 2) return ctx.prompt();
      return enter(ctx, 'reg.phone', carried(ctx, { name }));
    },
  },
  'reg.phone': {
    anonymous: true,
    prompt: async (ctx) => [
      {
        type: 'askContact',
        text: tr(ctx, ctx.session.channel === 'telegram' ? 'chat.register.askPhoneTelegram' : 'chat.register.askPhone', {
          name: str(ctx.session.data, 'name') ?? '',
        }),
        buttonLabel: tr(ctx, 'chat.register.shareContact'),
      },
    ],
    contact: async (ctx, phone, own) => {
      if (!own) return [say(tr(ctx, 'chat.register.notOwnContact')), ...(await ctx.prompt())];
      return takePhone(ctx, phone);
    },
    text: (ctx, text) => takePhone(ctx, text),
  },
  'reg.email': {
    anonymous: true,
    choices: ['reg:skip'],
    prompt: async (ctx) => [
      say(tr(ctx, 'chat.register.askEmail'), [[choice('reg:skip', tr(ctx, 'chat.btn.skip'))], cancelRow(ctx)]),
    ],
    text: async (ctx, text) => {
      const email = text.trim().toLowerCase();
      if (!emailSchema.safeParse(email).success) {
        return [say(tr(ctx, 'chat.register.badEmail')), ...(await ctx.prompt())];
      }
      return enter(ctx, 'reg.address', carried(ctx, { email }));
    },
    choice: (ctx) => enter(ctx, 'reg.address', carried(ctx, {})),
  },
  'reg.address': {
    anonymous: true,
    choices: ['reg:skip'],
    prompt: async (ctx) => [
      say(tr(ctx, 'chat.register.askAddress'), [[choice('reg:skip', tr(ctx, 'chat.btn.skip'))], cancelRow(ctx)]),
    ],
    text: (ctx, text) => finish(ctx, cleanText(text, 500)),
    choice: (ctx) => finish(ctx, undefined),
  },
};

async function takePhone(ctx: Ctx, typed: string): Replies {
  const phone = tryNormalizePhone(typed.startsWith('+') || typed.startsWith('0') ? typed : `+${typed}`) ?? tryNormalizePhone(typed);
  if (!phone) return [say(tr(ctx, 'errors.PHONE_INVALID')), ...(await ctx.prompt())];
  return [say(tr(ctx, 'chat.register.phoneSaved', { phone: formatPhone(phone) })), ...(await enter(ctx, 'reg.email', carried(ctx, { phone })))];
}

