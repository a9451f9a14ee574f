export { createTelegramBot, type TelegramBot, type TelegramBotDeps } from './bot.ts';
export { type StartTelegramOptions, startTelegram } from './start.ts';
