import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers } from '../../db/schema/index.ts';
import { isAppError } from '../../src/errors.ts';
import type { Locale } from '../../src/i18n/index.ts';
import type { Logger } from '../../src/logger.ts';
import {
  type ChannelSender,
  type DeliveryReceipt,
  DeliveryRateLimitedError,
  DeliveryRejectedError,
  type DeliveryTargetRef,
  type MessageKind,
  RecipientBlockedError,
} from '../../src/messaging/delivery.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import { parseRatingButtonId } from '../../src/messaging/chat-actions.ts';
import { flattenChoices, loadSession, saveSession, withChatLock } from '../conversation/index.ts';
import type { WhatsAppConnection } from './client.ts';
import { sendRendered } from './media.ts';
import { renderReplies } from './render.ts';

/**
 * The outbound-whatsapp queue's sender. It lives in the process that owns the WhatsApp client (one
 * browser session per number); main runs it with workers/outbound.ts `startOutboundWorker` and the
 * limiter and random pause of `whatsappPacing(config.whatsapp)`.
 */

export interface WhatsAppSenderDeps {
  db: Db;
  connection: Pick<WhatsAppConnection, 'isReady' | 'sendMessage' | 'getNumberId'>;
  log: Logger;
  defaultLocale: Locale;
  /** How long the whole queue waits while WhatsApp is not connected. 1 minute: reconnects take ~5 s–5 min. */
  notReadyWaitMs?: number;
}

/** The delivery target; `kind` (when the worker passes it) lets promotions check the opt-in at send time. */
export type WhatsAppTarget = DeliveryTargetRef & { kind?: MessageKind | undefined };

export interface WhatsAppSender extends ChannelSender {
  deliver(target: WhatsAppTarget, message: OutboundMessage): Promise<DeliveryReceipt>;
}

const NOT_READY_WAIT_MS = 60_000;

export function createWhatsAppSender(deps: WhatsAppSenderDeps): WhatsAppSender {
  const notReadyWaitMs = deps.notReadyWaitMs ?? NOT_READY_WAIT_MS;
  const log = deps.log.child({ part: 'whatsapp-sender' });

  /** Not connected: nothing on this queue can go, so the queue waits instead of spending attempts. */
  const unavailable = () => new DeliveryRateLimitedError(notReadyWaitMs, 'whatsapp is not connected');
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (isAppError(error, 'CHANNEL_UNAVAILABLE')) throw unavailable();
      throw error;
    }
  };

  return {
    channel: 'whatsapp',
    async deliver(target, message) {
      if (!deps.connection.isReady()) throw unavailable();
      const customer = target.customerId ? await customerFacts(deps.db, target.customerId) : undefined;
      // The queue can be hours long at tens per hour: a "STOP" sent after fan-out still counts.
      if (target.kind === 'broadcast' && customer && !customer.promoOptIn) {
        throw new DeliveryRejectedError('opted_out');
      }
      const chatId = await guard(() => resolveChatId(deps.connection, target.externalId));
      const shown = starsInCountingOrder(message);
      const sends = renderReplies([shown], { locale: customer?.locale ?? deps.defaultLocale });
      await guard(() => sendRendered({ db: deps.db, connection: deps.connection, log }, chatId, sends));
      const choices = flattenChoices([shown]);
      if (choices.length > 0) {
        await rememberChoices(deps.db, { externalId: target.externalId, customerId: target.customerId }, choices, deps.defaultLocale);
      }
      const { customerId, kind } = target;
      log.debug({ customerId, kind, sends: sends.length }, 'whatsapp message sent');
      return {};
    },
  };
}

async function customerFacts(db: Db, customerId: number) {
  const [row] = await db
    .select({ promoOptIn: customers.promoOptIn, locale: customers.locale })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  return row;
}

/**
 * A phone id must still have WhatsApp: sending to a number without an account fails inside the
 * browser with an unhelpful error, and it is the one case where no retry can help.
 */
async function resolveChatId(
  connection: Pick<WhatsAppConnection, 'getNumberId'>,
  externalId: string,
): Promise<string> {
  const phoneId = /^(\d{6,20})@c\.us$/.exec(externalId);
  if (!phoneId) return externalId;
  const found = await connection.getNumberId(phoneId[1]!);
  if (!found) throw new RecipientBlockedError(`${externalId} is not on WhatsApp`);
  return found._serialized;
}

/**
 * The list in a message the studio sent on its own (rating stars, "balas keluhan") becomes the chat's
 * current list, so the customer's "3" means its third entry, as it would after a conversation reply.
 */
async function rememberChoices(
  db: Db,
  target: DeliveryTargetRef,
  choices: { id: string; label: string }[],
  defaultLocale: Locale,
): Promise<void> {
  const key = { channel: 'whatsapp' as const, externalId: target.externalId };
  await withChatLock(db, key, async (tx) => {
    const session = await loadSession(tx, key, defaultLocale);
    // A chat that never talked to the bot (registered by staff or on another app) starts at the menu:
    // the conversation would otherwise clear a 'start' session's data, and this list with it.
    if (session.customerId === null && target.customerId !== undefined) {
      session.customerId = target.customerId;
      if (session.step === 'start' || session.step.startsWith('reg.')) session.step = 'menu';
    }
    session.data = { ...session.data, lastChoices: choices };
    await saveSession(tx, session);
  });
}

/**
 * A rating request lays its stars out 5-4-3 / 2-1 for Telegram's buttons. Numbered, that would make
 * "5" mean one star; in counting order the number a customer types is the number of stars.
 */
function starsInCountingOrder(message: OutboundMessage): OutboundMessage {
  if (message.type === 'askContact' || !message.choices) return message;
  const flat = message.choices.flat();
  const stars = flat.map((choice) => parseRatingButtonId(choice.id)?.stars);
  if (flat.length === 0 || stars.some((count) => count === undefined)) return message;
  const ordered = flat
    .map((choice, index) => ({ choice, stars: stars[index]! }))
    .sort((a, b) => a.stars - b.stars)
    .map((entry) => ({ id: entry.choice.id, label: `${entry.stars} ${entry.choice.label}` }));
  return { ...message, choices: [ordered] };
}
