import { z } from 'zod';
import type { Channel } from '../../../db/schema/index.ts';
import { isAppError } from '../../../src/errors.ts';
import { formatPhone, t } from '../../../src/i18n/index.ts';
import type { OutboundMessage } from '../../../src/messaging/messages.ts';
import { type Ctx, cancelRow, choice, cleanText, enter, num, say, str, toMenu, tr } from '../context.ts';
import {
  checkPhoneCode,
  classifyPhoneClaim,
  getCustomer,
  getSettings,
  phoneFromWhatsappId,
  registerCustomer,
  startPhoneVerification,
  tryNormalizePhone,
} from '../domain.ts';
import type { Replies, StepTable } from '../step.ts';

/** Registration data carried from step to step (the referral code from /start ref_CODE among it). */
function carried(ctx: Ctx, extra: Record<string, unknown>) {
  const { lastChoices: _lastChoices, ...rest } = ctx.session.data;
  return { ...rest, ...extra };
}

/** The carried data without the phone and what was done to prove it (a code sent or shown). */
function withoutPhone(ctx: Ctx) {
  const {
    phone: _phone,
    phoneProven: _proven,
    verifyCustomer: _customer,
    staffCode: _code,
    ...rest
  } = carried(ctx, {});
  return rest;
}

/**
 * The friend's code in a message such as "Halo, saya diajak teman. ref_AB12CD", as Ajak Teman tells
 * customers to send it where there is no start link to share.
 */
export const referralIn = (text: string) => /\bref_([A-Za-z0-9-]{1,40})\b/.exec(text)?.[1];

/** /start for someone new: greet with the studio's name and ask for a name. */
export async function beginRegistration(ctx: Ctx, referral: string | undefined): Replies {
  const settings = await getSettings(ctx.db, ctx.deps.cache);
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
  const phone = str(data, 'phone') ?? '';
  let onPhoneTaken: 'link' | 'refuse' = 'link';
  // Checked again here: the number may have been registered elsewhere while email and address were asked.
  if (data.phoneProven !== true) {
    const check = await phoneCheckpoint(ctx, phone);
    if ('stop' in check) return check.stop;
    if (check.free === 'new') onPhoneTaken = 'refuse';
  }
  const result = await registerCustomer(ctx.db, {
    channel: ctx.session.channel,
    externalId: ctx.session.externalId,
    displayName: ctx.deps.displayName ?? null,
    name: str(data, 'name') ?? '',
    phone,
    email: str(data, 'email') ?? null,
    address: address ?? null,
    locale: ctx.session.locale,
    referralCode: str(data, 'referral') ?? null,
    ...(data.promoOptIn === false ? { promoOptIn: false } : {}),
    onPhoneTaken,
  }).catch(async (error: unknown) => {
    // Registered by another chat in the instant since the check: that owner's proof is asked for now.
    if (onPhoneTaken === 'link' || !isAppError(error, 'PHONE_TAKEN')) throw error;
    const check = await phoneCheckpoint(ctx, phone);
    if ('stop' in check) return check.stop;
    throw error;
  });
  if (Array.isArray(result)) return result;
  ctx.session.customerId = result.customer.id;
  const lines = [
    tr(ctx, result.linked ? 'chat.register.linked' : 'chat.register.done', { name: result.customer.name }),
  ];
  if (result.referralApplied) lines.push(tr(ctx, 'chat.register.referral'));
  const welcome: OutboundMessage = say(lines.join('\n\n'));
  return [welcome, ...(await toMenu(ctx))];
}

/** Sharing one's own contact (Telegram) proves the number without a code; someone else's is refused. */
async function ownContact(ctx: Ctx, phone: string, own: boolean): Replies {
  if (!own) return [say(tr(ctx, 'chat.register.notOwnContact')), ...(await ctx.prompt())];
  return takePhone(ctx, phone, true);
}

/** Email and address: a question that may be skipped. */
const optionalQuestion = async (ctx: Ctx, key: 'chat.register.askEmail' | 'chat.register.askAddress') => [
  say(tr(ctx, key), [[choice('reg:skip', tr(ctx, 'chat.btn.skip'))], cancelRow(ctx)]),
];

export const registrationSteps: StepTable = {
  'reg.name': {
    anonymous: true,
    choices: ['reg:dn'],
    prompt: async (ctx) => {
      const suggestion = ctx.deps.displayName ? cleanText(ctx.deps.displayName, 60) : '';
      const rows = suggestion
        ? [[choice('reg:dn', tr(ctx, 'chat.register.useName', { name: suggestion }))]]
        : [];
      return [say(tr(ctx, 'chat.register.askName'), [...rows, cancelRow(ctx)])];
    },
    text: async (ctx, text) => {
      // Sent after the greeting (the web chat greets before anyone types): the code, not a name.
      const referral = referralIn(text);
      if (referral) return beginRegistration(ctx, referral);
      const name = cleanText(text, 100);
      if (name.length < 2 || /^\d+$/.test(name))
        return [say(tr(ctx, 'chat.register.badName')), ...(await ctx.prompt())];
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
        text: tr(
          ctx,
          ctx.session.channel === 'telegram' ? 'chat.register.askPhoneTelegram' : 'chat.register.askPhone',
          {
            name: str(ctx.session.data, 'name') ?? '',
          },
        ),
        buttonLabel: tr(ctx, 'chat.register.shareContact'),
      },
    ],
    contact: ownContact,
    text: (ctx, text) => takePhone(ctx, text, false),
  },
  'reg.code': {
    anonymous: true,
    choices: ['reg:resend', 'reg:other'],
    prompt: async (ctx) => [say(tr(ctx, 'chat.register.verify.prompt'), codeButtons(ctx))],
    text: async (ctx, text) => {
      const code = text.replace(/[\s.-]/g, '');
      if (!/^\d{6}$/.test(code))
        return [say(tr(ctx, 'chat.register.verify.badFormat')), ...(await ctx.prompt())];
      const result = await checkPhoneCode(ctx.db, { ...chatKey(ctx), code, now: ctx.now });
      if (result.ok) {
        ctx.session.data = carried(ctx, { phone: result.phone, phoneProven: true });
        return finish(ctx, undefined);
      }
      // The wrong try is counted (written, not thrown), and the chat stays on this step.
      const reply =
        result.reason === 'wrong'
          ? tr(ctx, 'chat.register.verify.wrong', { left: result.attemptsLeft })
          : tr(
              ctx,
              result.reason === 'locked' ? 'chat.register.verify.locked' : 'chat.register.verify.expired',
            );
      return [say(reply), ...(await ctx.prompt())];
    },
    choice: async (ctx, id) => {
      if (id === 'reg:other') return enter(ctx, 'reg.phone', withoutPhone(ctx));
      const customerId = num(ctx.session.data, 'verifyCustomer');
      const phone = str(ctx.session.data, 'phone');
      if (customerId === undefined || !phone) return enter(ctx, 'reg.phone', carried(ctx, {}));
      return sendCode(ctx, customerId, phone, 'chat.register.verify.resent');
    },
    contact: ownContact,
  },
  // A typed number of a customer with no chat to send a code to: staff confirm with the code shown here.
  'reg.staff': {
    anonymous: true,
    choices: ['reg:other'],
    prompt: staffCodePrompt,
    text: async (ctx, text) => {
      if (typedPhone(text)) return takePhone(ctx, text, false);
      return [say(tr(ctx, 'chat.register.staff.waiting')), ...(await ctx.prompt())];
    },
    choice: (ctx) => enter(ctx, 'reg.phone', withoutPhone(ctx)),
    contact: ownContact,
  },
  'reg.email': {
    anonymous: true,
    choices: ['reg:skip'],
    prompt: (ctx) => optionalQuestion(ctx, 'chat.register.askEmail'),
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
    prompt: (ctx) => optionalQuestion(ctx, 'chat.register.askAddress'),
    text: (ctx, text) => finish(ctx, cleanText(text, 500)),
    choice: (ctx) => finish(ctx, undefined),
  },
};

/** A number as typed or shared (contacts may come without the plus), as E.164, or undefined. */
const typedPhone = (typed: string) =>
  tryNormalizePhone(typed.startsWith('+') || typed.startsWith('0') ? typed : `+${typed}`) ??
  tryNormalizePhone(typed);

/**
 * A shared own contact (Telegram) or the chat's own WhatsApp number proves the phone; a typed number
 * proves nothing, so a typed number of a customer already on file needs a code first (sent to their
 * chat, or told to staff when they have none).
 */
async function takePhone(ctx: Ctx, typed: string, own: boolean): Replies {
  const phone = typedPhone(typed);
  if (!phone) return [say(tr(ctx, 'errors.PHONE_INVALID')), ...(await ctx.prompt())];
  const proven =
    own || (ctx.session.channel === 'whatsapp' && phoneFromWhatsappId(ctx.session.externalId) === phone);
  const rest = { ...withoutPhone(ctx), phone };
  if (!proven) {
    ctx.session.data = rest;
    const check = await phoneCheckpoint(ctx, phone);
    if ('stop' in check) return check.stop;
  }
  return [
    say(tr(ctx, 'chat.register.phoneSaved', { phone: formatPhone(phone) })),
    ...(await enter(ctx, 'reg.email', proven ? { ...rest, phoneProven: true } : rest)),
  ];
}

const chatKey = (ctx: Ctx) => ({ channel: ctx.session.channel, externalId: ctx.session.externalId });

const channelName = (ctx: Ctx, channel: Channel) => tr(ctx, `chat.register.verify.channel.${channel}`);

const codeButtons = (ctx: Ctx) => [
  [choice('reg:resend', tr(ctx, 'chat.register.verify.resend'))],
  [choice('reg:other', tr(ctx, 'chat.register.verify.otherPhone'))],
  cancelRow(ctx),
];

type Checkpoint =
  /** Registration stops here: a code was sent or shown, or the number cannot be proven. */
  | { stop: OutboundMessage[] }
  /** The number may be used: nobody has it (new), or this chat is already its owner's (link). */
  | { free: 'new' | 'link' };

/** Decides whether a typed phone may be taken as it is. */
async function phoneCheckpoint(ctx: Ctx, phone: string): Promise<Checkpoint> {
  const claim = await classifyPhoneClaim(ctx.db, { ...chatKey(ctx), phone });
  if (claim.kind === 'new' || claim.kind === 'link') return { free: claim.kind };
  if (claim.kind === 'staff') return { stop: await showStaffCode(ctx, claim.customerId, phone) };
  if (!ctx.deps.outbox) return { stop: await refuse(ctx) };
  ctx.session.data = { ...withoutPhone(ctx), phone, verifyCustomer: claim.customerId };
  return { stop: await sendCode(ctx, claim.customerId, phone, 'chat.register.verify.sent') };
}

async function refuse(ctx: Ctx): Replies {
  ctx.go('reg.phone', withoutPhone(ctx));
  return [say(tr(ctx, 'chat.register.verify.unavailable')), ...(await ctx.prompt())];
}

/**
 * The customer is on file but has no chat to send a code to (entered by staff, or every chat of theirs
 * blocked us): the chat is not linked on a typed number. It is shown a code to tell the studio, and
 * staff link it once they know who they are talking to (linkChatByStaffCode). On Telegram, sharing
 * one's own contact still links at once.
 */
async function showStaffCode(ctx: Ctx, customerId: number, phone: string): Replies {
  const started = await startPhoneVerification(ctx.db, {
    ...chatKey(ctx),
    customerId,
    phone,
    now: ctx.now,
    checkedBy: 'staff',
  });
  if (!started.sent) {
    ctx.go('reg.phone', withoutPhone(ctx));
    const minutes = Math.ceil(started.retryInSeconds / 60);
    return [say(tr(ctx, 'chat.register.staff.tooMany', { minutes })), ...(await ctx.prompt())];
  }
  ctx.go('reg.staff', { ...withoutPhone(ctx), phone, staffCode: started.code });
  return [say(tr(ctx, 'chat.register.staff.intro')), ...(await ctx.prompt())];
}

/** The code to tell the studio (kept in the session: only its hash is stored elsewhere), and the way back. */
async function staffCodePrompt(ctx: Ctx): Replies {
  const code = str(ctx.session.data, 'staffCode');
  const phone = str(ctx.session.data, 'phone');
  if (!code || !phone) return enter(ctx, 'reg.phone', withoutPhone(ctx));
  const settings = await getSettings(ctx.db, ctx.deps.cache);
  const lines = [
    settings.phone
      ? tr(ctx, 'chat.register.staff.codeCall', {
          code,
          studio: settings.studioName,
          phone: formatPhone(settings.phone),
        })
      : tr(ctx, 'chat.register.staff.code', { code, studio: settings.studioName }),
  ];
  // WhatsApp writes from the number it belongs to; the adapter answers an askContact by itself, so none here.
  if (ctx.session.channel === 'whatsapp')
    lines.push(tr(ctx, 'chat.register.staff.hintWhatsapp', { phone: formatPhone(phone) }));
  const buttons = [[choice('reg:other', tr(ctx, 'chat.register.verify.otherPhone'))], cancelRow(ctx)];
  const replies: OutboundMessage[] = [say(lines.join('\n\n'), buttons)];
  if (ctx.session.channel === 'telegram') {
    replies.push({
      type: 'askContact',
      text: tr(ctx, 'chat.register.staff.hintTelegram', { phone: formatPhone(phone) }),
      buttonLabel: tr(ctx, 'chat.register.shareContact'),
    });
  }
  return replies;
}

/**
 * Draws a code and sends it through the outbox to the customer's registered chat (never this one).
 * Too soon or too often: says when, and the current code (if any) stays valid.
 */
async function sendCode(
  ctx: Ctx,
  customerId: number,
  phone: string,
  said: 'chat.register.verify.sent' | 'chat.register.verify.resent',
): Replies {
  const outbox = ctx.deps.outbox;
  if (!outbox) return refuse(ctx);
  const started = await startPhoneVerification(ctx.db, { ...chatKey(ctx), customerId, phone, now: ctx.now });
  if (!started.sent) {
    ctx.go('reg.code', carried(ctx, {}));
    const wait =
      started.reason === 'wait'
        ? tr(ctx, 'chat.register.verify.wait', { seconds: started.retryInSeconds })
        : tr(ctx, 'chat.register.verify.tooMany', { minutes: Math.ceil(started.retryInSeconds / 60) });
    const head =
      said === 'chat.register.verify.sent' ? `${tr(ctx, 'chat.register.verify.registered')} ${wait}` : wait;
    return [say(head), ...(await ctx.prompt())];
  }
  const [settings, owner] = await Promise.all([getSettings(ctx.db, ctx.deps.cache), getCustomer(ctx.db, customerId)]);
  const text = t(owner.locale, 'chat.register.verify.codeMessage', {
    studio: settings.studioName,
    code: started.code,
    phone: formatPhone(phone),
    channel: t(owner.locale, `chat.register.verify.channel.${ctx.session.channel}`),
  });
  const sent = await outbox(ctx.db).send(customerId, { type: 'text', text }, { kind: 'notification' });
  if (!sent.queued) return refuse(ctx);
  ctx.go('reg.code', carried(ctx, {}));
  const head = tr(ctx, said, { channel: channelName(ctx, sent.channel) });
  // The first notice already says to type the code here: it carries the buttons instead of the prompt.
  return said === 'chat.register.verify.sent'
    ? [say(head, codeButtons(ctx))]
    : [say(head), ...(await ctx.prompt())];
}
