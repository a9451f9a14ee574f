import { Hono } from 'hono';
import pino from 'pino';
import { listen } from '../../admin-web/http.ts';
import { createTelegramBot, type TelegramBot, type TelegramBotDeps } from '../../bots/telegram/index.ts';
import type { Db } from '../../db/client.ts';
import { FIXED_NOW } from '../conversation/driver.ts';
import {
  createTelegramEmulator,
  type JsonObject,
  type SentMessage,
  type TelegramEmulator,
} from '../fakes/telegram-api.ts';

export const WEBHOOK_SECRET = 'test_secret-42';

export interface TelegramHarness {
  tg: TelegramEmulator;
  telegram: TelegramBot;
  webhookUrl: string;
  stop: () => Promise<void>;
}

/** The bot as these tests build it on an emulator: fixed clock, silent log, retries that give up fast. */
function testBot(db: Db, tg: TelegramEmulator, extra: Pick<TelegramBotDeps, 'outbox'> = {}): TelegramBot {
  return createTelegramBot({
    db,
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    timeZone: 'Asia/Jakarta',
    defaultLocale: 'id',
    clock: () => FIXED_NOW,
    log: pino({ level: 'silent' }),
    retry: { maxRetryAttempts: 2, maxDelaySeconds: 2, rethrowHttpErrors: true },
    ...extra,
  });
}

/** The bot in webhook mode behind a real HTTP server, talking to the emulator over HTTP. */
export async function startWebhookHarness(
  db: Db,
  extra: Pick<TelegramBotDeps, 'outbox'> = {},
): Promise<TelegramHarness> {
  const tg = createTelegramEmulator();
  await tg.start();
  const telegram = testBot(db, tg, extra);
  const app = new Hono();
  app.route('/telegram', telegram.webhookApp(WEBHOOK_SECRET));
  const server = await listen(app, { host: '127.0.0.1', port: 0 });
  const webhookUrl = `http://127.0.0.1:${server.port}/telegram/webhook`;
  await telegram.setWebhook(webhookUrl, WEBHOOK_SECRET);
  return {
    tg,
    telegram,
    webhookUrl,
    stop: async () => {
      await telegram.stop();
      await server.close();
      await tg.stop();
    },
  };
}

/**
 * Another bot on an emulator of its own, ready for startPolling(); `stop` ends both. Give it another
 * token or bot id than the webhook harness: its update ids start at 1 again in the same database.
 */
export async function startPollingHarness(db: Db, emulator: Parameters<typeof createTelegramEmulator>[0]) {
  const tg = createTelegramEmulator(emulator);
  await tg.start();
  const telegram = testBot(db, tg);
  return {
    tg,
    telegram,
    stop: async () => {
      await telegram.stop();
      await tg.stop();
    },
  };
}

const labelOf = (button: JsonObject) => String(button.text);

export const buttonsOf = (message: SentMessage | undefined): JsonObject[] => {
  const markup = message?.replyMarkup as { inline_keyboard?: JsonObject[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
};

/**
 * One Telegram user chatting with the bot through the emulator. Each action waits until the webhook
 * delivery of its update has been answered, i.e. the bot has handled it and sent its replies.
 */
export function telegramUser(
  h: TelegramHarness,
  chatId: number,
  from: { first_name?: string; language_code?: string } = {},
) {
  const { tg } = h;
  let lastBatch: SentMessage[] = [];
  const deliver = async (push: () => JsonObject): Promise<SentMessage[]> => {
    const before = tg.stats.webhookDeliveries;
    const sentBefore = tg.sentTo(chatId).length;
    push();
    await tg.waitFor(() => tg.stats.webhookDeliveries > before, 10_000);
    lastBatch = tg.sentTo(chatId).slice(sentBefore);
    return lastBatch;
  };
  const findButton = (label: string | RegExp) => {
    for (const message of [...lastBatch].reverse()) {
      const button = buttonsOf(message).find((b) =>
        typeof label === 'string' ? labelOf(b).includes(label) : label.test(labelOf(b)),
      );
      if (button) return { message, data: String(button.callback_data) };
    }
    const all = lastBatch.flatMap((m) => buttonsOf(m).map(labelOf));
    throw new Error(`no button ${String(label)} in ${all.join(' | ')}`);
  };
  const user = {
    chatId,
    say: (text: string) => deliver(() => tg.pushText(chatId, text, from)),
    tap: (label: string | RegExp) => {
      const { message, data } = findButton(label);
      return deliver(() => tg.pushCallback(chatId, data, message.messageId, from));
    },
    callback: (data: string, messageId?: number) =>
      deliver(() => tg.pushCallback(chatId, data, messageId, from)),
    contact: (phone: string) => deliver(() => tg.pushContact(chatId, phone, from)),
    photo: (fileId: string) => deliver(() => tg.pushPhoto(chatId, fileId, undefined, from)),
    raw: (message: JsonObject) =>
      deliver(() =>
        tg.pushUpdate({
          message: {
            message_id: Math.floor(Math.random() * 1e9),
            date: Math.floor(Date.now() / 1000),
            chat: { id: chatId, type: 'private', first_name: 'Pelanggan' },
            from: { id: chatId, is_bot: false, first_name: 'Pelanggan', language_code: 'id' },
            ...message,
          },
        }),
      ),
    buttonData: (label: string | RegExp) => findButton(label).data,
    get last() {
      return lastBatch;
    },
    /** All texts and captions of the last answer. */
    get said() {
      return lastBatch.map((m) => m.text ?? m.caption ?? '').join('\n---\n');
    },
    get labels() {
      return lastBatch.flatMap((m) => buttonsOf(m).map(labelOf));
    },
  };
  return user;
}

export type TelegramUserDriver = ReturnType<typeof telegramUser>;

export async function registerOnTelegram(u: TelegramUserDriver, name: string, phone: string) {
  await u.say('/start');
  await u.say(name);
  await u.contact(phone);
  await u.tap('Lewati');
  await u.tap('Lewati');
}
