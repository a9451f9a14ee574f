/**
 * A local Telegram Bot API emulator over HTTP, for tests and benchmarks (never for production).
 * The parts live in ./telegram-api/: server.ts (HTTP, failures on demand, the emulator's face),
 * methods.ts (Bot API methods), updates.ts (getUpdates long poll, webhook delivery, push helpers),
 * files.ts (file ids, uploads, downloads), rate-limit.ts (429 per sliding second), http.ts (bodies).
 *
 *   const tg = createTelegramEmulator();            // token defaults to TEST_BOT_TOKEN
 *   await tg.start();                               // listens on 127.0.0.1, port 0
 *   new Bot(tg.token, { client: { apiRoot: tg.apiRoot } })  // or TELEGRAM_API_ROOT=tg.apiRoot
 *   tg.pushText(42, '/start');                      // an update for getUpdates (or the webhook, if set)
 *   await tg.waitFor(() => tg.sentTo(42).at(-1));   // the bot's reply
 *   await tg.stop();
 *
 * Answers in the Bot API's shape: `{ ok: true, result }` or `{ ok: false, error_code, description,
 * parameters? }` with the same HTTP status. Bodies may be JSON, urlencoded or multipart (grammY's
 * InputFile uploads, `attach://` references resolved). Known methods: getMe, getUpdates (long poll
 * with offset/timeout; 409 while a webhook is set), setWebhook, deleteWebhook, getWebhookInfo,
 * sendMessage, sendPhoto (file_id, URL or upload → a new file_id), editMessageText,
 * editMessageReplyMarkup, answerCallbackQuery, getFile (+ download at /file/bot<token>/<path>),
 * sendChatAction, setMyCommands, deleteMessage, copyMessage. Anything else → 404 {ok:false}.
 *
 * Failure on demand: `setBehaviour((method, params) => outcome)` where outcome is 'ok',
 * {status: 429, retryAfter}, {status: 500}, {status: 403, description?}, {status: 400, description}
 * or {status: 'hangup'} (socket destroyed: a network error). `enforceRateLimit(n)` answers 429 with
 * retry_after once more than n messages were sent in any sliding second (global, like Telegram's
 * bulk limit). A wrong token → 401.
 *
 * With a webhook set (setWebhook url + secret_token), pushed updates are POSTed to it with the
 * X-Telegram-Bot-Api-Secret-Token header, at most max_connections (1-100, default 40) at once as
 * Telegram does, the rest queued; a non-2xx answer is redelivered (up to 3 tries). A 2xx
 * answer whose body is a method call (`{"method": "answerCallbackQuery", …}`, or urlencoded /
 * multipart with a `method` field) runs like a request, and its entry in `calls` has
 * `viaWebhookReply: true`; `stats.webhookDeliveries` counts a delivery once that call has run.
 */
export { createTelegramEmulator } from './telegram-api/server.ts';
export {
  type ApiCall,
  type Behaviour,
  type BotInfo,
  type JsonObject,
  type Outcome,
  type SentMessage,
  type StoredFile,
  TEST_BOT_TOKEN,
  type TelegramEmulator,
  type TelegramUser,
} from './telegram-api/types.ts';
