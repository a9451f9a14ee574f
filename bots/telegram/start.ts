import type { Hono } from 'hono';
import type { Db } from '../../db/client.ts';
import type { TelegramConfig } from '../../src/config.ts';
import type { Locale } from '../../src/i18n/index.ts';
import type { Logger } from '../../src/logger.ts';
import { createReadCache } from '../../src/settings/index.ts';
import type { ConversationDeps } from '../conversation/index.ts';
import { createTelegramBot } from './bot.ts';

export interface StartTelegramOptions {
  config: Extract<TelegramConfig, { enabled: true }>;
  db: Db;
  log: Logger;
  timeZone: string;
  defaultLocale: Locale;
  publicUrl: string | undefined;
  outbox?: ConversationDeps['outbox'];
  /** This process polls (polling mode) or registers the webhook (webhook mode). */
  runsBot: boolean;
  /** This process serves HTTP, so it answers the webhook route. */
  servesWeb: boolean;
  /** Seconds without an answer from Telegram before the log says it is not connected; tests shorten it. */
  unreachableAfterSeconds?: number;
}

/** Seconds between attempts while Telegram answers the start with an error (a wrong token, say). */
const RETRY_SECONDS = 30;
/** The start's calls (getMe, deleteWebhook, setMyCommands) take well under 2 s on a working network. */
const UNREACHABLE_AFTER_SECONDS = 10;

/**
 * Starts the Telegram face for one process. Telegram being unreachable never stops the product: the
 * first contact is retried in the background while the web chat, admin and workers keep running.
 */
export function startTelegram(options: StartTelegramOptions): { webhookApp?: Hono; stop: () => Promise<void> } {
  const { config, log } = options;
  const telegram = createTelegramBot({
    db: options.db,
    token: config.token,
    apiRoot: config.apiRoot,
    timeZone: options.timeZone,
    defaultLocale: options.defaultLocale,
    log,
    publicUrl: options.publicUrl,
    outbox: options.outbox,
    // This process's Telegram turns share one: settings and catalog shown up to 30 s after an admin edit.
    cache: createReadCache(),
  });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const unreachableAfterSeconds = options.unreachableAfterSeconds ?? UNREACHABLE_AFTER_SECONDS;
  const attempt = async (what: string, fn: () => Promise<void>) => {
    if (stopped) return;
    // grammY retries network errors without end, so an unreachable Telegram never fails the start and
    // would stay silent: the owner reads this instead.
    const unreachable = setTimeout(
      () =>
        log.warn(
          `telegram not connected: ${config.apiRoot} has not answered for ${unreachableAfterSeconds} s; ` +
            'still trying in the background (web chat, admin and workers keep running)',
        ),
      unreachableAfterSeconds * 1000,
    );
    try {
      await fn();
      log.info(`telegram connected (${what})`);
    } catch (error) {
      log.error({ err: error }, `telegram could not start (${what}); retrying in ${RETRY_SECONDS} s`);
      timer = setTimeout(() => void attempt(what, fn), RETRY_SECONDS * 1000);
    } finally {
      clearTimeout(unreachable);
    }
  };

  const webhookApp =
    config.mode === 'webhook' && options.servesWeb ? telegram.webhookApp(config.webhookSecret) : undefined;
  if (options.runsBot) {
    if (config.mode === 'polling') {
      void attempt('polling', () => telegram.startPolling());
    } else if (options.publicUrl) {
      const url = `${options.publicUrl}/telegram/webhook`;
      void attempt(`webhook set to ${url}`, () => telegram.setWebhook(url, config.webhookSecret));
    }
  }
  return {
    ...(webhookApp ? { webhookApp } : {}),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await telegram.stop();
    },
  };
}
