import { Api, GrammyError } from 'grammy';
import type { Db } from '../../db/client.ts';
import {
  type ChannelSender,
  DeliveryRateLimitedError,
  DeliveryRejectedError,
  RecipientBlockedError,
} from '../../src/messaging/delivery.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import { createBotApiFetch } from './http.ts';
import { contactKeyboard, createTelegramOutput, inlineKeyboard } from './output.ts';

export interface TelegramSenderOptions {
  db: Db;
  token: string;
  /** TELEGRAM_API_ROOT; the tests' emulator in tests. */
  apiRoot: string;
  /** Seconds before an API call is abandoned (and retried by the queue). */
  timeoutSeconds?: number;
}

/**
 * Delivers outbox messages through the Bot API, drawn as the bot draws its replies
 * (./output.ts): the same buttons, long texts in parts, and photos uploaded once by either.
 */
export function createTelegramSender(options: TelegramSenderOptions): ChannelSender {
  const api = new Api(options.token, {
    apiRoot: options.apiRoot,
    fetch: createBotApiFetch().fetch,
    timeoutSeconds: options.timeoutSeconds ?? 30,
  });
  const output = createTelegramOutput({ api, db: options.db });

  const deliver = async (chatId: string, message: OutboundMessage) => {
    switch (message.type) {
      case 'text':
        return output.sendText(chatId, message.text, inlineKeyboard(message.choices));
      case 'askContact':
        return api.sendMessage(chatId, message.text, { reply_markup: contactKeyboard(message.buttonLabel) });
      case 'photo': {
        const sent = await output.sendPhoto(chatId, message);
        if (!sent) throw new DeliveryRejectedError(`file ${message.fileId} does not exist`);
        return sent;
      }
    }
  };

  return {
    channel: 'telegram',
    async deliver(target, message) {
      try {
        const sent = await deliver(target.externalId, message);
        return { messageRef: String(sent.message_id) };
      } catch (error) {
        throw translateTelegramError(error);
      }
    },
  };
}

/** Maps Bot API answers onto the outbound worker's error classes. */
function translateTelegramError(error: unknown): unknown {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return new DeliveryRateLimitedError(seconds * 1000, error.description);
    }
    if (error.error_code === 403) return new RecipientBlockedError(error.description);
    if (
      error.error_code === 400 &&
      /chat not found|user not found|user is deactivated/i.test(error.description)
    ) {
      return new RecipientBlockedError(error.description);
    }
    if (error.error_code >= 400 && error.error_code < 500)
      return new DeliveryRejectedError(error.description);
  }
  // A 5xx or a network error (grammY's HttpError): the queue retries it with backoff.
  return error;
}
