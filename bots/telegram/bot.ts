import { autoRetry } from '@grammyjs/auto-retry';
import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { Bot, type Context, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { Hono } from 'hono';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { processedUpdates } from '../../db/schema/index.ts';
import { t } from '../../src/i18n/index.ts';
import { type Locale, localeFromLanguageCode } from '../../src/i18n/locale.ts';
import type { Logger } from '../../src/logger.ts';
import { type Clock, systemClock } from '../../src/time.ts';
import { type ConversationDeps, type ConversationRuntime, createSessionCache, runTurn } from '../conversation/index.ts';
import { inboundFromContext } from './inbound.ts';
import { createTelegramRenderer } from './render.ts';
import { honoWebhookAdapter, updateBodyLimit } from './webhook.ts';
import { createBotApiFetch } from './http.ts';

export interface TelegramBotDeps {
  db: Db;
  token: string;
  /** Telegram's https://api.telegram.org, or a local Bot API emulator. */
  apiRoot: string;
  timeZone: string;
  defaultLocale: Locale;
  log: Logger;
  clock?: Clock;
  /** Skips the getMe call at start (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  publicUrl?: string | undefined;
  /** The outbox on a given transaction (registration's phone codes go to the customer's other chat). */
  outbox?: ConversationDeps['outbox'];
  /** Settings and catalog up to 30 s old for the booking steps (createReadCache); absent: read every step. */
  cache?: ConversationDeps['cache'];
  /** Auto-retry limits; tests pass small ones so a dead emulator fails fast. */
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number; rethrowHttpErrors?: boolean };
}

/**
 * Steps whose prompt shows the reply keyboard with the contact button (an askContact). Leaving them for
 * any other step takes the keyboard away; moving between them keeps it, as the next prompt shows it again.
 */
const CONTACT_KEYBOARD_STEPS: ReadonlySet<string> = new Set(['reg.phone', 'reg.staff']);

/** 30 s for a photo of at most 10 MB (larger ones are refused before any download). */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * The Telegram face: grammY turns updates into conversation inputs, runTurn handles them under the
 * chat's lock, and the renderer answers with inline keyboards, the contact keyboard and cached photos.
 * Runs by long polling (runner, one chat at a time in order) or behind a webhook route.
 */
export function createTelegramBot(deps: TelegramBotDeps) {
  const http = createBotApiFetch();
  const bot = new Bot(deps.token, {
    client: {
      apiRoot: deps.apiRoot,
      fetch: http.fetch,
      // Webhook mode only (long polling has no answer to ride on): the button's answerCallbackQuery
      // goes back in the webhook's HTTP answer, one Bot API request fewer per tap. Only that call:
      // a reply message sent this way would wait for the whole turn and its result (message id,
      // photo file_id) would be lost.
      canUseWebhookReply: (method) => method === 'answerCallbackQuery',
    },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  // 429s wait out retry_after; at most 30 s so a reply never arrives absurdly late.
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: deps.retry?.maxRetryAttempts ?? 3,
      maxDelaySeconds: deps.retry?.maxDelaySeconds ?? 30,
      rethrowHttpErrors: deps.retry?.rethrowHttpErrors ?? false,
    }),
  );
  const renderer = createTelegramRenderer({ api: bot.api, db: deps.db });
  const sessions = createSessionCache();

  async function download(fileId: string): Promise<Uint8Array> {
    const file = await bot.api.getFile(fileId);
    if (!file.file_path) throw new Error('telegram file has no path');
    const response = await fetch(`${deps.apiRoot}/file/bot${deps.token}/${file.file_path}`, {
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`telegram file download answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  const runtime = (log: Logger): ConversationRuntime => ({
    db: deps.db,
    clock: deps.clock ?? systemClock,
    timeZone: deps.timeZone,
    defaultLocale: deps.defaultLocale,
    botUsername: bot.botInfo.username,
    publicUrl: deps.publicUrl,
    log,
    outbox: deps.outbox,
    cache: deps.cache,
    sessions,
  });

  async function onUpdate(ctx: Context): Promise<void> {
    const log = deps.log.child({ updateId: ctx.update.update_id, chatId: ctx.chat?.id });
    if (ctx.callbackQuery) {
      // Stops the button's spinner; the answer itself comes as a message. Polling: at once, while the
      // turn runs. Webhook: in the webhook's answer, which Telegram gets once the replies are sent.
      void ctx
        .answerCallbackQuery()
        .catch((error: unknown) => log.warn({ err: error }, 'answerCallbackQuery failed'));
    }
    const inbound = inboundFromContext(ctx, download);
    if (!inbound) return;
    const result = await runTurn(runtime(log), {
      channel: 'telegram',
      externalId: String(inbound.chatId),
      // update_id counts per bot: a new token starts again at low numbers, so the bot id is part of the key.
      updateId: `${ctx.me.id}:${ctx.update.update_id}`,
      input: inbound.input,
      locale: localeFromLanguageCode(inbound.languageCode, deps.defaultLocale),
      displayName: inbound.displayName,
    });
    if (result.duplicate) {
      log.info('duplicate update ignored');
      return;
    }
    try {
      await renderer.send(inbound.chatId, result.replies, {
        removeKeyboard:
          CONTACT_KEYBOARD_STEPS.has(result.previousStep) && !CONTACT_KEYBOARD_STEPS.has(result.session.step),
        cancelLabel: t(result.session.locale, 'chat.btn.cancel'),
      });
    } catch (error) {
      // The turn is committed; a redelivery would be skipped as a duplicate, so log instead of failing it.
      log.error({ err: error }, 'could not send the reply');
    }
  }

  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.on(['message', 'callback_query:data'], onUpdate);
  bot.catch((error) =>
    deps.log.error({ err: error.error, updateId: error.ctx.update.update_id }, 'telegram update failed'),
  );

  let runner: RunnerHandle | undefined;

  return {
    bot,
    /** Long polling with per-chat ordering; resolves once polling has begun. */
    async startPolling(): Promise<void> {
      await bot.init();
      await pruneProcessedUpdates(deps.db);
      await bot.api.deleteWebhook().catch(() => undefined);
      await setCommands();
      runner = run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] } } });
    },
    /**
     * Webhook mode: a Hono app taking updates at POST /webhook, 401 without the right
     * X-Telegram-Bot-Api-Secret-Token; the answer to a button tap carries its answerCallbackQuery.
     * Mount it at /telegram and point setWebhook at <public url>/telegram/webhook.
     */
    webhookApp(secretToken: string): Hono {
      const app = new Hono();
      const callback = webhookCallback(bot, honoWebhookAdapter, { secretToken, timeoutMilliseconds: 55_000 });
      app.post('/webhook', updateBodyLimit(), (c) => callback(c));
      return app;
    },
    async setWebhook(url: string, secretToken: string): Promise<void> {
      await bot.init();
      await pruneProcessedUpdates(deps.db);
      await bot.api.setWebhook(url, {
        secret_token: secretToken,
        allowed_updates: ['message', 'callback_query'],
      });
      await setCommands();
    },
    async stop(): Promise<void> {
      if (runner?.isRunning()) await runner.stop();
      await http.close();
    },
  };

  async function setCommands(): Promise<void> {
    const commands = (locale: Locale) => [
      { command: 'start', description: t(locale, 'chat.cmd.start') },
      { command: 'menu', description: t(locale, 'chat.cmd.menu') },
      { command: 'batal', description: t(locale, 'chat.cmd.cancel') },
      { command: 'bahasa', description: t(locale, 'chat.cmd.language') },
    ];
    await bot.api
      .setMyCommands(commands('id'))
      .catch((error: unknown) => deps.log.warn({ err: error }, 'setMyCommands failed'));
    await bot.api
      .setMyCommands(commands('en'), { language_code: 'en' })
      .catch((error: unknown) => deps.log.warn({ err: error }, 'setMyCommands failed'));
  }
}

export type TelegramBot = ReturnType<typeof createTelegramBot>;

/** Telegram redelivers for at most a day; a week of update ids is plenty to recognise a repeat. */
async function pruneProcessedUpdates(db: Db): Promise<void> {
  await db
    .delete(processedUpdates)
    .where(
      and(
        eq(processedUpdates.channel, 'telegram'),
        lt(processedUpdates.createdAt, new Date(Date.now() - 7 * 86_400_000)),
      ),
    );
}
