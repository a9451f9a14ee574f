import type { Db } from '../../db/client.ts';
import { phoneFromWhatsappId } from '../../src/customers/index.ts';
import { type Locale, t } from '../../src/i18n/index.ts';
import type { Logger } from '../../src/logger.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import { type Clock, systemClock } from '../../src/time.ts';
import {
  type ChatInput,
  type ChatSession,
  type ConversationDeps,
  type ConversationRuntime,
  referralIn,
  runTurn,
} from '../conversation/index.ts';
import type { WhatsAppConnection } from './client.ts';
import { isForUs, mediaHints, toChatInput } from './inbound.ts';
import { sendRendered } from './media.ts';
import { renderChoiceList, renderReplies, type WhatsAppSend } from './render.ts';
import type { WhatsAppMessage } from './types.ts';

/**
 * The WhatsApp face of the conversation: a Message becomes a ChatInput, the chat's session is loaded
 * and locked in Postgres, the conversation answers, and the replies go back as text with numbered
 * lists and photos with captions. The WhatsApp id is a verified phone number, so the chat is joined
 * to the customer who already has that phone (met on Telegram, the web, or at the counter), and
 * registration never asks for the number.
 */

export interface WhatsAppAdapterDeps {
  db: Db;
  connection: Pick<WhatsAppConnection, 'onMessage' | 'sendMessage'>;
  log: Logger;
  timeZone: string;
  defaultLocale: Locale;
  clock?: Clock;
  publicUrl?: string | undefined;
  botUsername?: string | undefined;
  /** Settings and catalog reads shared by this chat's turns (up to 30 s stale after an admin edit). */
  cache?: ConversationDeps['cache'];
  /** The outbox on a given transaction: registration sends its phone codes through it. */
  outbox?: ConversationDeps['outbox'];
}

export interface WhatsAppAdapter {
  handleMessage(message: WhatsAppMessage): Promise<void>;
  /** Resolves when every message received so far has been answered (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const CHANNEL = 'whatsapp' as const;

export function createWhatsAppAdapter(deps: WhatsAppAdapterDeps): WhatsAppAdapter {
  const log = deps.log.child({ part: 'whatsapp-adapter' });
  /** Per chat, the tail of its queue: a chat's messages are answered in the order they came. */
  const chains = new Map<string, Promise<void>>();
  let stopped = false;

  const runtime: ConversationRuntime = {
    db: deps.db,
    clock: deps.clock ?? systemClock,
    timeZone: deps.timeZone,
    defaultLocale: deps.defaultLocale,
    publicUrl: deps.publicUrl,
    botUsername: deps.botUsername,
    cache: deps.cache,
    outbox: deps.outbox,
  };

  const answer = async (message: WhatsAppMessage) => {
    const input = toChatInput(message);
    if (!input) return;
    const chatId = message.from;
    const messageLog = log.child({ messageId: message.id.id, type: message.type });
    let sends: WhatsAppSend[];
    try {
      const result = await runTurn(
        { ...runtime, log: messageLog },
        {
          channel: CHANNEL,
          externalId: chatId,
          // WhatsApp may deliver a message again after a reconnect; the message id is stable.
          updateId: message.id._serialized,
          input,
          displayName: mediaHints(message).notifyName,
          // The WhatsApp id is the phone number: registration never asks for it.
          verifiedPhone: phoneFromWhatsappId(chatId),
          route: (session) => numberNotOnList(session, input) ?? firstInput(session, input),
        },
      );
      if (result.duplicate) return;
      sends = renderReplies(result.replies, { locale: result.session.locale });
    } catch (error) {
      // Only a broken database gets here (the conversation answers customers' mistakes itself): nothing
      // was saved, and the customer is told to try again rather than left without an answer.
      messageLog.error({ err: error }, 'whatsapp message could not be handled');
      await deps.connection.sendMessage(chatId, t(deps.defaultLocale, 'errors.INTERNAL')).catch(() => undefined);
      return;
    }
    await sendRendered(deps, chatId, sends);
  };

  return {
    handleMessage(message) {
      if (stopped || !isForUs(message)) return Promise.resolve();
      const previous = chains.get(message.from) ?? Promise.resolve();
      const next = previous
        .then(() => answer(message))
        .catch((error: unknown) => {
          log.error({ err: error, messageId: message.id.id, type: message.type }, 'whatsapp message not answered');
        })
        .finally(() => {
          if (chains.get(message.from) === next) chains.delete(message.from);
        });
      chains.set(message.from, next);
      return next;
    },
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    async stop() {
      stopped = true;
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}

/** Wires the adapter to the connection's inbound messages. */
export function attachWhatsAppAdapter(deps: WhatsAppAdapterDeps): WhatsAppAdapter {
  const adapter = createWhatsAppAdapter(deps);
  deps.connection.onMessage((message) => adapter.handleMessage(message));
  return adapter;
}

/**
 * WhatsApp has no /start: a chat's very first text greets (and carries a referral code written as
 * "ref_CODE", e.g. from a wa.me link with that text prefilled).
 */
function firstInput(session: ChatSession, input: ChatInput): ChatInput {
  if (session.version !== 0 || input.type !== 'text' || input.text.trim().startsWith('/')) return input;
  const referral = referralIn(input.text);
  return referral ? { type: 'command', name: 'start', payload: `ref_${referral}` } : { type: 'command', name: 'start' };
}

/** "7" when the list has 5 entries: say so and show the list again, without bothering the conversation. */
function numberNotOnList(session: ChatSession, input: ChatInput): OutboundMessage[] | undefined {
  if (input.type !== 'text') return undefined;
  const typed = input.text.trim();
  const choices = session.data.lastChoices;
  if (!/^\d{1,2}$/.test(typed) || !choices || choices.length === 0) return undefined;
  const number = Number(typed);
  if (number >= 1 && number <= choices.length) return undefined;
  const lead = t(session.locale, 'whatsapp.outOfRange', { number });
  // Already numbered: renderReplies passes a text without choices through as it is.
  return [{ type: 'text', text: renderChoiceList(choices, session.locale, lead).text }];
}
