import type { Db } from '../../db/client.ts';
import { pipelinedTransaction } from '../../db/pipelined-transaction.ts';
import type { Locale } from '../../src/i18n/index.ts';
import type { Logger } from '../../src/logger.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import type { Clock } from '../../src/time.ts';
import { findCustomerByPhone, linkIdentity } from '../../src/customers/index.ts';
import { toStorableText } from '../../src/validation.ts';
import { flattenChoices } from './choices.ts';
import { handle, handlePending, StaleSessionError } from './handle.ts';
import { guessable, type SessionCache, sameSave } from './session-cache.ts';
import { type OpenedTurn, openTurn, queueSessionSave, type ThreadKey, threadOf, type Tx } from './session-store.ts';
import type { ChatInput, ChatSession, ConversationDeps, HandleResult } from './types.ts';

/** What an adapter keeps for its whole life: the database and the studio's clock and zone. */
export interface ConversationRuntime {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** Locale of a brand-new chat when the platform gives no hint. */
  defaultLocale: Locale;
  botUsername?: string | undefined;
  publicUrl?: string | undefined;
  log?: Logger | undefined;
  /** The outbox on a given transaction: registration sends its phone codes through it. */
  outbox?: ConversationDeps['outbox'];
  /** One per process (createReadCache), shared by all its turns. */
  cache?: ConversationDeps['cache'];
  /**
   * One per process (createSessionCache): the sessions its turns saved, so a turn's step starts in
   * the same round trip as the lock and the session read instead of after it (one round trip fewer
   * per step that reads). Absent: every step waits for the session.
   */
  sessions?: SessionCache | undefined;
}

export interface Turn extends ThreadKey {
  input: ChatInput;
  /** The platform's update id (Telegram update_id, WhatsApp message id): a redelivery is handled once. */
  updateId?: string | undefined;
  /** Locale hint for a new chat (Telegram language_code). An existing chat keeps its own. */
  locale?: Locale | undefined;
  displayName?: string | undefined;
  /**
   * Runs inside the transaction after the session is saved, so what the adapter records about the
   * turn (the web chat's message log) commits together with it or not at all.
   */
  record?: (tx: Tx, replies: readonly OutboundMessage[]) => Promise<void>;
  /**
   * The chat's phone number when the platform vouches for it (a WhatsApp id is one): a chat without a
   * customer joins the customer who has that phone, and the conversation's question for the phone is
   * answered with it, as if the customer had shared their own contact.
   */
  verifiedPhone?: string | undefined;
  /**
   * For a channel where what the customer meant depends on the chat's state (WhatsApp has no /start, so
   * a chat's first text greets): the input to handle instead of `input`, or replies that answer the
   * turn without the conversation, leaving the session as it was.
   */
  route?: ((session: ChatSession) => ChatInput | OutboundMessage[]) | undefined;
}

export interface TurnResult {
  /** True when this update id was handled before: nothing changed, nothing to send. */
  duplicate: boolean;
  replies: OutboundMessage[];
  session: ChatSession;
  /** The step before this input, e.g. so Telegram removes its contact keyboard once the phone step is left. */
  previousStep: string;
}

/**
 * One inbound message, start to end: lock the chat, skip a redelivered update, note that the customer
 * was seen, load the session, run the conversation, save. Everything commits together or not at all.
 * Adapters render `replies` after this returns (outside the transaction).
 */
export function runTurn(runtime: ConversationRuntime, turn: Turn): Promise<TurnResult> {
  const thread = threadOf({ channel: turn.channel, externalId: turn.externalId });
  return forgettingOnFailure(runtime, thread, () => runTurnOnce(runtime, turn));
}

async function runTurnOnce(runtime: ConversationRuntime, turn: Turn): Promise<TurnResult> {
  const key: ThreadKey = { channel: turn.channel, externalId: turn.externalId };
  const outcome = await pipelinedTransaction(runtime.db, async (tx) => {
    const now = runtime.clock();
    // Round trips per turn: begin + lock + update claim + session + identity touch + the step's
    // savepoint (one socket write, see openTurn); the step's reads; session save + commit.
    const opened = openTurn(tx, key, {
      updateId: turn.updateId,
      fallbackLocale: turn.locale ?? runtime.defaultLocale,
      now,
    });
    const deps: ConversationDeps = {
      db: tx,
      clock: () => now,
      timeZone: runtime.timeZone,
      botUsername: runtime.botUsername,
      publicUrl: runtime.publicUrl,
      displayName: storableName(turn.displayName),
      log: runtime.log,
      outbox: runtime.outbox,
      cache: runtime.cache,
    };
    // With either hook the step waits for the session, so its savepoint misses the first write.
    const hooked = turn.verifiedPhone !== undefined || turn.route !== undefined;
    const sessions = hooked ? undefined : runtime.sessions;
    const remembered = sessions?.get(threadOf(key));
    const cached = remembered && guessable(remembered, turn.input.type) ? remembered : undefined;
    const result: (HandleResult & { unchanged?: true }) | undefined = hooked
      ? await handleRouted(tx, deps, turn, opened)
      : sessions && cached
        ? await handleGuessed(deps, cached, opened, turn.input, sessions)
        : await handlePending(deps, opened.then((o) => (o.fresh ? o.session : undefined)), turn.input);
    const { session } = await opened;
    if (!result) return { duplicate: true, replies: [], session, previousStep: session.step };
    const save = result.unchanged ? undefined : queueSessionSave(tx, result.session);
    if (turn.record) await turn.record(tx, result.replies);
    const done: TurnResult = {
      duplicate: false,
      replies: result.replies,
      session: save?.session ?? result.session,
      previousStep: session.step,
    };
    return { ...done, saved: save?.done };
  });
  // A save that found the session changed made the commit a rollback: nothing of the turn was kept.
  if ('saved' in outcome) {
    const { saved, ...result } = outcome;
    await saved;
    runtime.sessions?.set(result.session);
    return result;
  }
  return outcome;
}

/** The platform's name for the chat, made storable: it may become the customer's name or the identity's. */
const storableName = (name: string | undefined) => (name === undefined ? undefined : toStorableText(name));

/** A turn that failed may have left anything stored: the chat's cached session is dropped. */
async function forgettingOnFailure(
  runtime: ConversationRuntime,
  thread: string,
  run: () => Promise<TurnResult>,
): Promise<TurnResult> {
  try {
    return await run();
  } catch (error) {
    runtime.sessions?.delete(thread);
    throw error;
  }
}

/**
 * The step runs on the session this process saved last, in the round trip that locks the chat and
 * reads its session; when the database holds another save (another process wrote, or staff deleted
 * the chat's data) or the update was handled before, that work rolls back and the step runs again on
 * what was read.
 */
async function handleGuessed(
  deps: ConversationDeps,
  cached: ChatSession,
  opened: Promise<OpenedTurn>,
  input: ChatInput,
  sessions: SessionCache,
): Promise<HandleResult | undefined> {
  const confirmed = opened.then((o) => o.fresh && sameSave(o.session, cached));
  try {
    return await handlePending(deps, Promise.resolve(cached), input, confirmed);
  } catch (error) {
    if (!(error instanceof StaleSessionError)) throw error;
    const { fresh, session } = await opened;
    if (!fresh) return undefined;
    sessions.distrust(cached.thread);
    return handle(deps, session, input);
  }
}

/** A turn with `verifiedPhone` or `route`: the session is read before anything else runs. */
async function handleRouted(
  tx: Tx,
  deps: ConversationDeps,
  turn: Turn,
  opened: Promise<OpenedTurn>,
): Promise<(HandleResult & { unchanged?: true }) | undefined> {
  const { session, fresh } = await opened;
  if (!fresh) return undefined;
  const phone = turn.verifiedPhone;
  // A chat that already has its customer skips the phone lookup (one query less per message).
  if (phone !== undefined && session.customerId === null) await joinByPhone(tx, turn, phone);
  const routed = turn.route ? turn.route(session) : turn.input;
  if (Array.isArray(routed)) return { session, replies: routed, unchanged: true };
  const result = await handle(deps, session, routed);
  return phone === undefined ? result : answerPhoneAsks(deps, result, phone);
}

/**
 * The phone already belongs to a customer (met on Telegram, the web, or at the counter): this chat is
 * theirs, with the same bookings and points. The conversation then finds them by this chat's identity.
 */
async function joinByPhone(tx: Tx, turn: Turn, phone: string): Promise<void> {
  const customer = await findCustomerByPhone(tx, phone);
  if (customer && customer.anonymizedAt === null) {
    await linkIdentity(tx, {
      customerId: customer.id,
      channel: turn.channel,
      externalId: turn.externalId,
      displayName: storableName(turn.displayName) ?? null,
    });
  }
}

/**
 * The conversation's question for the phone answered with the verified number; what it said before the
 * question stays. At most twice: registration asks once, a second ask means the number was refused.
 */
async function answerPhoneAsks(deps: ConversationDeps, first: HandleResult, phone: string): Promise<HandleResult> {
  let result = first;
  for (let round = 0; round < 2; round += 1) {
    const ask = result.replies.findIndex((reply) => reply.type === 'askContact');
    if (ask === -1) break;
    const next = await handle(deps, result.session, { type: 'contact', phone, own: true });
    const replies = [...result.replies.slice(0, ask), ...next.replies];
    result = { session: { ...next.session, data: { ...next.session.data, lastChoices: flattenChoices(replies) } }, replies };
  }
  return result;
}
