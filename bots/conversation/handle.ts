import { inSavepoint } from '../../db/savepoint.ts';
import { type AppError, isAppError } from '../../src/errors.ts';
import { errorMessage, type MessageKey } from '../../src/i18n/index.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import { comparable, flattenChoices, matchTypedChoice } from './choices.ts';
import { type Ctx, say, tr } from './context.ts';
import { findCustomerByIdentity } from './domain.ts';
import { beginRegistration, referralIn, registrationSteps } from './journeys/register.ts';
import { bookingSteps } from './journeys/booking.ts';
import { catalogGlobals, catalogSteps } from './journeys/catalog.ts';
import { complaintGlobals, complaintSteps } from './journeys/complaints.ts';
import { faqSteps } from './journeys/faq.ts';
import { menuGlobals, menuSteps, promoOff, promoOn, setLocale, toMenu } from './journeys/menu.ts';
import { myBookingGlobals, myBookingSteps } from './journeys/my-bookings.ts';
import { ratingGlobals, ratingSteps } from './journeys/rating.ts';
import { MAX_IMAGE_BYTES } from '../../src/files/store.ts';
import { isStorableText } from '../../src/validation.ts';
import type { GlobalChoice, Replies, Step, StepTable } from './step.ts';
import type { ChatInput, ChatSession, ConversationDeps, HandleResult } from './types.ts';

/** Every step of every journey, by name ("bk.slot"). A step registry rather than one long if/else. */
export const steps: StepTable = {
  ...registrationSteps,
  ...menuSteps,
  ...catalogSteps,
  ...bookingSteps,
  ...myBookingSteps,
  ...complaintSteps,
  ...ratingSteps,
  ...faqSteps,
};

const globalChoices: GlobalChoice[] = [
  ...menuGlobals,
  ...catalogGlobals,
  ...ratingGlobals,
  ...complaintGlobals,
  ...myBookingGlobals,
];

const stepOf = (session: ChatSession): Step | undefined => steps[session.step];

function makeCtx(deps: ConversationDeps, db: Ctx['db'], session: ChatSession, now: Date): Ctx {
  const ctx: Ctx = {
    deps,
    db,
    session,
    now,
    go: (step, data = {}) => {
      ctx.session.step = step;
      ctx.session.data = data;
    },
    prompt: async () => {
      const step = stepOf(ctx.session);
      if (step) return step.prompt(ctx);
      // A step name this version no longer knows (renamed since the session was saved).
      if (ctx.session.customerId === null) return beginRegistration(ctx, undefined);
      return toMenu(ctx);
    },
  };
  return ctx;
}

/**
 * Handles one input of one chat. runTurn calls it inside the chat's transaction (`deps.db` is that
 * transaction); a caller of its own holds the chat's lock the same way (withChatLock).
 * The step's work runs in a savepoint: when a domain call fails, its writes roll back, the session
 * stays on the step it was on, and the customer reads the translated error and the prompt again.
 * Never throws for a customer's mistake; only a broken database escapes.
 */
export async function handle(deps: ConversationDeps, session: ChatSession, input: ChatInput): Promise<HandleResult> {
  return (await handlePending(deps, Promise.resolve(session), input))!;
}

/** Thrown by handlePending when the session it was given was not the database's: nothing was kept. */
export class StaleSessionError extends Error {
  constructor() {
    super('the chat session changed before the step ran');
  }
}

/**
 * handle() for a session still on its way from the database: the step's savepoint is queued right
 * behind the statements that read the session (runTurn's first round trip), which saves a round trip
 * per turn. Resolves undefined, running nothing, when `pending` resolves undefined (a redelivery).
 * With `confirmed`, `pending` is a guess (the session cache): the step runs at once, and when
 * `confirmed` resolves false its writes roll back and StaleSessionError is thrown.
 */
export async function handlePending(
  deps: ConversationDeps,
  pending: Promise<ChatSession | undefined>,
  input: ChatInput,
  confirmed?: Promise<boolean>,
): Promise<HandleResult | undefined> {
  // The savepoint may fail before `pending` is awaited; its own failure is reported by whoever awaits it.
  pending.catch(() => undefined);
  confirmed?.catch(() => undefined);
  const stale = async () => confirmed !== undefined && !(await confirmed);
  const now = deps.clock();
  let start: ChatSession | undefined;
  try {
    return await inSavepoint(deps.db, async (savepoint) => {
      const session = await pending;
      if (!session) return undefined;
      start = await withKnownCustomer(savepoint, session);
      const ctx = makeCtx(deps, savepoint, structuredClone(start), now);
      const replies = await dispatch(ctx, input);
      if (await stale()) throw new StaleSessionError();
      return finish(ctx.session, replies);
    });
  } catch (error) {
    // No session yet: the database itself failed, nothing for the customer to read.
    if (!start || error instanceof StaleSessionError) throw error;
    // A guessed session's failure may be the guess's: the caller runs the step again on the real one.
    if (await stale()) throw new StaleSessionError();
    if (!isAppError(error)) {
      // Ids only: the thread of a WhatsApp chat is the customer's phone number.
      const { channel, customerId, step } = start;
      deps.log?.error({ err: error, channel, customerId, step }, 'chat step failed');
    }
    const code = isAppError(error) ? error.code : 'INTERNAL';
    const ctx = makeCtx(deps, deps.db, structuredClone(start), now);
    const replies: OutboundMessage[] = [say(errorMessage(ctx.session.locale, code))];
    replies.push(...(await ctx.prompt()));
    return finish(ctx.session, replies);
  }
}

/**
 * A chat that registered on another channel or was linked by staff meanwhile skips registration.
 * Returns the session itself when nothing changes (the step works on its own copy, see makeCtx).
 */
async function withKnownCustomer(db: Ctx['db'], session: ChatSession): Promise<ChatSession> {
  if (session.customerId !== null) return session;
  const known = await findCustomerByIdentity(db, session.channel, session.externalId);
  if (!known) return session;
  const start = structuredClone(session);
  start.customerId = known.id;
  if (start.step === 'start' || start.step.startsWith('reg.')) {
    start.step = 'menu';
    start.data = {};
  }
  return start;
}

function finish(session: ChatSession, replies: OutboundMessage[]): HandleResult {
  const lastChoices = flattenChoices(replies);
  session.data = { ...session.data, lastChoices };
  return { session, replies };
}

async function dispatch(ctx: Ctx, input: ChatInput): Replies {
  // Refused before any step reads it: such text would fail the session's or the step's write.
  if (!readable(input)) {
    return [say(errorMessage(ctx.session.locale, 'TEXT_UNREADABLE')), ...(await ctx.prompt())];
  }
  switch (input.type) {
    case 'command':
      return command(ctx, input.name, input.payload);
    case 'text':
      return text(ctx, input.text);
    case 'choice':
      return choice(ctx, input.id);
    case 'contact':
      return contact(ctx, input.phone, input.own);
    case 'photo':
      return photo(ctx, input);
    case 'unsupported':
      return unexpected(ctx, input.kind === 'document' ? 'chat.unexpected.document' : 'chat.unexpected.media');
  }
}

/** False when what the customer typed (or their client sent) holds a NUL or half a surrogate pair. */
function readable(input: ChatInput): boolean {
  switch (input.type) {
    case 'text':
      return isStorableText(input.text);
    case 'choice':
      return isStorableText(input.id);
    case 'command':
      return isStorableText(input.name) && isStorableText(input.payload ?? '');
    case 'contact':
      return isStorableText(input.phone);
    default:
      return true;
  }
}

const registered = (ctx: Ctx) => ctx.session.customerId !== null;

/** Before registration only the registration steps (and a few global words) answer. */
function needsRegistration(ctx: Ctx): boolean {
  return !registered(ctx) && !stepOf(ctx.session)?.anonymous;
}

async function command(ctx: Ctx, rawName: string, payload: string | undefined): Replies {
  const name = rawName.toLowerCase().replace(/^\//, '').replace(/@.*$/, '');
  switch (name) {
    case 'start': {
      const referral = referralIn(payload ?? '');
      if (!registered(ctx)) return beginRegistration(ctx, referral);
      return [say(tr(ctx, 'chat.start.welcomeBack')), ...(await toMenu(ctx))];
    }
    case 'menu':
    case 'help':
    case 'bantuan':
      return registered(ctx) ? toMenu(ctx) : beginRegistration(ctx, undefined);
    case 'batal':
    case 'cancel':
      return cancel(ctx);
    case 'stop':
    case 'berhenti':
      return promoOff(ctx);
    case 'bahasa':
    case 'language':
      return setLocale(ctx, ctx.session.locale === 'id' ? 'en' : 'id');
    default:
      return unexpected(ctx, 'chat.unexpected.command');
  }
}

async function cancel(ctx: Ctx): Replies {
  if (!registered(ctx)) {
    ctx.go('start', { referral: ctx.session.data.referral });
    return [say(tr(ctx, 'chat.register.cancelled'))];
  }
  const wasIdle = ctx.session.step === 'menu';
  return [...(wasIdle ? [] : [say(tr(ctx, 'chat.cancelled'))]), ...(await toMenu(ctx))];
}

async function text(ctx: Ctx, raw: string): Replies {
  const trimmed = raw.trim();
  if (!trimmed) return unexpected(ctx, 'chat.unexpected.text');
  const command_ = /^\/([A-Za-z_]{1,32})(?:@\w+)?(?:\s+(.*))?$/s.exec(trimmed);
  if (command_) return command(ctx, command_[1]!, command_[2]);
  const word = comparable(trimmed).toUpperCase();
  if (word === 'STOP' || word === 'BERHENTI' || word === 'UNSUBSCRIBE') return promoOff(ctx);
  if (word === 'MULAI' || word === 'SUBSCRIBE') return promoOn(ctx);
  if (word === 'BATAL' || word === 'CANCEL') return cancel(ctx);
  if (word === 'MENU') return command(ctx, 'menu', undefined);
  const step = stepOf(ctx.session);
  const typed = matchTypedChoice(ctx.session.data.lastChoices, trimmed, {
    numbers: !step?.text || ctx.session.channel === 'whatsapp',
  });
  if (typed) return choice(ctx, typed.id);
  if (needsRegistration(ctx)) return beginRegistration(ctx, referralIn(trimmed));
  if (!step?.text) return unexpected(ctx, 'chat.unexpected.text');
  return step.text(ctx, trimmed);
}

async function choice(ctx: Ctx, id: string): Replies {
  if (id === 'x') return cancel(ctx);
  if (id.startsWith('lang:')) return setLocale(ctx, id === 'lang:en' ? 'en' : 'id');
  const step = stepOf(ctx.session);
  if (step?.choice && step.choices?.some((prefix) => id.startsWith(prefix))) return step.choice(ctx, id);
  if (needsRegistration(ctx)) return beginRegistration(ctx, undefined);
  const global = globalChoices.find((g) => id.startsWith(g.prefix));
  if (global && registered(ctx)) return global.run(ctx, id);
  return unexpected(ctx, 'chat.unexpected.staleButton');
}

async function contact(ctx: Ctx, phone: string, own: boolean): Replies {
  const step = stepOf(ctx.session);
  if (step?.contact) return step.contact(ctx, phone, own);
  if (needsRegistration(ctx)) return beginRegistration(ctx, undefined);
  return unexpected(ctx, 'chat.unexpected.contact');
}

async function photo(ctx: Ctx, input: Extract<ChatInput, { type: 'photo' }>): Replies {
  const step = stepOf(ctx.session);
  if (!step?.photo) {
    if (needsRegistration(ctx)) return beginRegistration(ctx, undefined);
    return unexpected(ctx, registered(ctx) ? 'chat.unexpected.photo' : 'chat.unexpected.media');
  }
  // Declared size and type first: a 50 MB video sent "as a file" is refused without downloading it.
  if (input.size !== undefined && input.size > MAX_IMAGE_BYTES) return stepError(ctx, 'FILE_TOO_LARGE');
  if (input.mime && !input.mime.startsWith('image/')) return stepError(ctx, 'FILE_NOT_IMAGE');
  const bytes = input.bytes ?? (input.load ? await input.load() : undefined);
  if (!bytes) return unexpected(ctx, 'chat.unexpected.media');
  if (bytes.byteLength > MAX_IMAGE_BYTES) return stepError(ctx, 'FILE_TOO_LARGE');
  // A file name is the sender's device's, not something they typed: an unstorable one is dropped.
  const { fileName, ...rest } = input;
  const named = fileName !== undefined && isStorableText(fileName) ? { ...rest, fileName } : rest;
  // Node Buffers are typed over ArrayBufferLike; the bytes are only read, never transferred.
  return step.photo(ctx, named, bytes as Uint8Array<ArrayBuffer>);
}

/** A translated domain error and the step's prompt again; state untouched. */
async function stepError(ctx: Ctx, code: AppError['code']): Replies {
  return [say(errorMessage(ctx.session.locale, code)), ...(await ctx.prompt())];
}

type UnexpectedKey = Extract<MessageKey, `chat.unexpected.${string}`>;

/** A short, friendly "that does not fit here", then the current step again (the way back is in it). */
async function unexpected(ctx: Ctx, key: UnexpectedKey): Replies {
  if (needsRegistration(ctx)) return beginRegistration(ctx, undefined);
  return [say(tr(ctx, key)), ...(await ctx.prompt())];
}

