import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { reply } from './http.ts';
import type { EmulatorState } from './state.ts';
import { type ApiCall, ApiFailure, type JsonObject, type TelegramUser } from './types.ts';

export const LONG_POLL = Symbol('long poll');

/**
 * The inbound side: updates a test pushes, handed to getUpdates (long poll) or POSTed to the webhook
 * with its secret token (a non-2xx answer is redelivered, up to 3 tries; a 2xx answer's method call runs).
 */
export function createUpdates(
  state: EmulatorState,
  /** Runs the method call a webhook's answer carries (see server.ts). */
  runWebhookAnswer: (contentType: string, body: Buffer) => Promise<void>,
) {
  const now = () => Math.floor(Date.now() / 1000);
  const userFrom = (chatId: number, from?: Partial<TelegramUser>): TelegramUser => ({
    id: chatId,
    is_bot: false,
    first_name: 'Pelanggan',
    language_code: 'id',
    ...from,
  });
  const privateChat = (user: TelegramUser) => ({
    id: user.id,
    type: 'private',
    first_name: user.first_name,
    ...(user.username ? { username: user.username } : {}),
  });
  const message = (chatId: number, from: TelegramUser, extra: JsonObject): JsonObject => ({
    message_id: state.nextInboundMessageId++,
    date: now(),
    chat: privateChat({ ...from, id: chatId }),
    from,
    ...extra,
  });

  // Deliveries in flight, and those waiting for one to end: Telegram opens at most the webhook's
  // max_connections connections to it and queues the rest.
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (limit: number) => {
    if (inFlight < limit) {
      inFlight += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  };

  const deliverToWebhook = async (update: JsonObject) => {
    const target = state.webhook;
    if (!target) return;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await acquire(target.maxConnections);
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(target.secretToken ? { 'x-telegram-bot-api-secret-token': target.secretToken } : {}),
          },
          body: JSON.stringify(update),
        });
        const answer = Buffer.from(await response.arrayBuffer());
        if (response.ok && answer.length > 0) {
          await runWebhookAnswer(response.headers.get('content-type') ?? '', answer);
        }
        // Counted after the answer's method ran: a delivery counted is a delivery fully handled.
        state.stats.webhookDeliveries += 1;
        if (response.ok) return;
      } catch {
        // Redelivered below, as Telegram does for an unreachable webhook.
      } finally {
        release();
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  };

  const pushUpdate = (update: JsonObject): JsonObject => {
    const full = {
      ...update,
      update_id: typeof update.update_id === 'number' ? update.update_id : state.nextUpdateId,
    };
    state.nextUpdateId = Math.max(state.nextUpdateId, (full.update_id as number) + 1);
    if (state.webhook) {
      void deliverToWebhook(full);
      return full;
    }
    state.pending.push(full);
    const poller = state.poller;
    if (poller) {
      const ready = state.pending.filter((u) => (u.update_id as number) >= poller.offset).slice(0, poller.limit);
      if (ready.length > 0) poller.finish(ready);
    }
    return full;
  };

  function getUpdates(params: JsonObject, res: ServerResponse, call: ApiCall): JsonObject[] | typeof LONG_POLL {
    if (state.webhook) {
      throw new ApiFailure(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Math.max(0, Number(params.timeout ?? 0));
    if (offset > 0) state.pending = state.pending.filter((u) => (u.update_id as number) >= offset);
    const ready = state.pending.slice(0, limit);
    if (ready.length > 0 || timeout === 0) return ready;
    // A second poller ends the first, as Telegram does.
    state.poller?.finish(
      new ApiFailure(
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      ),
    );
    const timer = setTimeout(() => finish([]), timeout * 1000);
    const finish = (result: JsonObject[] | ApiFailure) => {
      clearTimeout(timer);
      if (state.poller?.finish === finish) state.poller = undefined;
      if (res.writableEnded || res.destroyed) return;
      if (result instanceof ApiFailure) {
        call.status = result.status;
        reply(res, result.status, { ok: false, error_code: result.status, description: result.description });
      } else {
        reply(res, 200, { ok: true, result });
      }
      state.notify();
    };
    state.poller = { offset, limit, finish };
    res.on('close', () => {
      if (state.poller?.finish === finish) {
        clearTimeout(timer);
        state.poller = undefined;
      }
    });
    return LONG_POLL;
  }

  return {
    pushUpdate,
    getUpdates,
    pushText(chatId: number, text: string, from?: Partial<TelegramUser>): JsonObject {
      const user = userFrom(chatId, from);
      const entities = text.startsWith('/')
        ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }]
        : undefined;
      return pushUpdate({ message: message(chatId, user, { text, ...(entities ? { entities } : {}) }) });
    },
    pushCallback(chatId: number, data: string, messageId?: number, from?: Partial<TelegramUser>): JsonObject {
      const user = userFrom(chatId, from);
      const shown = messageId ?? state.sent.get(String(chatId))?.at(-1)?.messageId ?? 1;
      const original = state.byMessage.get(`${chatId}:${shown}`);
      const bot = state.botInfo;
      return pushUpdate({
        callback_query: {
          id: randomBytes(8).toString('hex'),
          from: user,
          chat_instance: String(chatId),
          data,
          message: {
            message_id: shown,
            date: now(),
            chat: privateChat(user),
            from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
            ...(original?.text !== undefined ? { text: original.text } : {}),
            ...(original?.replyMarkup ? { reply_markup: original.replyMarkup } : {}),
          },
        },
      });
    },
    pushPhoto(chatId: number, fileId: string, caption?: string, from?: Partial<TelegramUser>): JsonObject {
      const user = userFrom(chatId, from);
      const stored = state.files.files.get(fileId);
      const size = {
        file_id: fileId,
        file_unique_id: `u-${fileId}`.slice(0, 32),
        width: 800,
        height: 600,
        file_size: stored?.bytes.length ?? 1,
      };
      return pushUpdate({ message: message(chatId, user, { photo: [size], ...(caption ? { caption } : {}) }) });
    },
    pushContact(chatId: number, phoneNumber: string, from?: Partial<TelegramUser>): JsonObject {
      const user = userFrom(chatId, from);
      return pushUpdate({
        message: message(chatId, user, {
          contact: { phone_number: phoneNumber, first_name: user.first_name, user_id: user.id },
        }),
      });
    },
  };
}

export type Updates = ReturnType<typeof createUpdates>;
