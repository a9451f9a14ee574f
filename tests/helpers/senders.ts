import type { Db } from '../../db/client.ts';
import { createTelegramSender } from '../../bots/telegram/sender.ts';
import { createWebSender } from '../../bots/web/sender.ts';
import { pacedLimiter, telegramPacing } from '../../workers/limits.ts';
import type { SenderRun } from '../../workers/workers.ts';

/** The Telegram sender as main hands it to the workers, against the tests' Bot API emulator. */
export function telegramRun(options: {
  db: Db;
  token: string;
  apiRoot: string;
  ratePerSecond: number;
  concurrency?: number;
}): SenderRun {
  return {
    sender: createTelegramSender({ db: options.db, token: options.token, apiRoot: options.apiRoot }),
    ...telegramPacing(options.ratePerSecond),
    concurrency: options.concurrency ?? 10,
  };
}

/** The web chat's sender as main hands it to the workers. */
export function webRun(db: Db): SenderRun {
  return { sender: createWebSender({ db }), limiter: pacedLimiter(200), concurrency: 5 };
}
