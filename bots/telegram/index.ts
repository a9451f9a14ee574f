export { createTelegramBot, type TelegramBot, type TelegramBotDeps } from './bot.ts';
export { inboundFromContext, type TelegramInbound } from './inbound.ts';
export {
  createTelegramRenderer,
  inlineKeyboard,
  type RenderOptions,
  type TelegramRenderer,
} from './render.ts';
export { type StartTelegramOptions, startTelegram } from './start.ts';
