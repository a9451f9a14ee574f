/**
 * A local Telegram Bot API emulator over HTTP, for tests and benchmarks (never for production).
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
 * X-Telegram-Bot-Api-Secret-Token header; a non-2xx answer is redelivered (up to 3 tries).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserFromGetMe } from 'grammy/types';

export const TEST_BOT_TOKEN = '123456789:TEST_token_abcdefghijklmnopqrstuvwxyz';

export type JsonObject = Record<string, unknown>;

/** What getMe answers (grammY's own type, so `new Bot(token, { botInfo: tg.botInfo })` compiles). */
export type BotInfo = UserFromGetMe;

export type Outcome =
  | 'ok'
  | { status: 429; retryAfter: number }
  | { status: 500; description?: string }
  | { status: 403; description?: string }
  | { status: 400; description: string }
  | { status: 'hangup' };

export type Behaviour = (
  method: string,
  params: JsonObject,
) => Outcome | undefined | Promise<Outcome | undefined>;

export interface ApiCall {
  method: string;
  params: JsonObject;
  /** Date.now() when the request arrived. */
  time: number;
  /** HTTP status answered (0 for a hang-up). */
  status: number;
}

export interface SentMessage {
  chatId: string;
  messageId: number;
  method: 'sendMessage' | 'sendPhoto' | 'copyMessage';
  text?: string;
  caption?: string;
  /** The file_id the message shows (for uploads: the new file_id). */
  photoFileId?: string;
  /** True when the photo arrived as a multipart upload. */
  uploaded: boolean;
  replyMarkup?: JsonObject;
  params: JsonObject;
  time: number;
  edits: number;
  deleted: boolean;
}

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  bytes: Uint8Array;
}

export interface TelegramEmulator {
  readonly token: string;
  readonly botInfo: BotInfo;
  /** `http://127.0.0.1:<port>`; valid after start(). */
  readonly apiRoot: string;
  start(): Promise<string>;
  stop(): Promise<void>;
  /** Every request in arrival order. */
  readonly calls: ApiCall[];
  /** Messages the bot sent, per chat id (as a string). */
  readonly sent: Map<string, SentMessage[]>;
  sentTo(chatId: number | string): SentMessage[];
  allSent(): SentMessage[];
  /** Queues an update (update_id assigned when missing) for getUpdates, or POSTs it to the webhook. */
  pushUpdate(update: JsonObject): JsonObject;
  pushText(chatId: number, text: string, from?: Partial<TelegramUser>): JsonObject;
  pushCallback(chatId: number, data: string, messageId?: number, from?: Partial<TelegramUser>): JsonObject;
  pushPhoto(chatId: number, fileId: string, caption?: string, from?: Partial<TelegramUser>): JsonObject;
  pushContact(chatId: number, phoneNumber: string, from?: Partial<TelegramUser>): JsonObject;
  setBehaviour(fn: Behaviour | undefined): void;
  /** Messages per sliding second before answering 429; undefined lifts the limit. */
  enforceRateLimit(perSecond: number | undefined): void;
  addFile(fileId: string, bytes: Uint8Array, filePath: string): StoredFile;
  readonly files: Map<string, StoredFile>;
  readonly webhook: { url: string; secretToken?: string } | undefined;
  readonly commands: JsonObject[];
  readonly stats: { rateLimited: number; uploads: number; webhookDeliveries: number };
  /** Resolves with the predicate's first truthy value; rejects after timeoutMs. */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Forgets calls, sent messages and counters (files, webhook and behaviour stay). */
  clear(): void;
}

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** Methods that count toward the sending limit. */
const SENDING = new Set([
  'sendmessage',
  'sendphoto',
  'copymessage',
  'editmessagetext',
  'editmessagereplymarkup',
]);
/** Fields that multipart/urlencoded bodies carry as JSON text. */
const JSON_FIELDS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'commands',
  'allowed_updates',
  'link_preview_options',
  'reply_parameters',
]);

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: JsonObject,
  ) {
    super(description);
  }
}

export function createTelegramEmulator(
  options: { token?: string; botInfo?: Partial<BotInfo> } = {},
): TelegramEmulator {
  const token = options.token ?? TEST_BOT_TOKEN;
  const botInfo: BotInfo = {
    id: Number(token.split(':')[0]) || 123456789,
    is_bot: true,
    first_name: 'Potret Test',
    username: 'potret_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
    ...options.botInfo,
  };
  let server: Server | undefined;
  let apiRoot = '';
  let behaviour: Behaviour | undefined;
  let ratePerSecond: number | undefined;
  let recentSends: number[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let nextFileNo = 1;
  let webhook: { url: string; secretToken?: string } | undefined;
  const calls: ApiCall[] = [];
  const sent = new Map<string, SentMessage[]>();
  const byMessage = new Map<string, SentMessage>();
  const files = new Map<string, StoredFile>();
  const filesByPath = new Map<string, StoredFile>();
  const commands: JsonObject[] = [];
  const stats = { rateLimited: 0, uploads: 0, webhookDeliveries: 0 };
  let pending: JsonObject[] = [];
  let poller:
    | { offset: number; limit: number; finish: (result: JsonObject[] | ApiFailure) => void }
    | undefined;
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watcher of [...watchers]) watcher();
  };

  const addFile = (fileId: string, bytes: Uint8Array, filePath: string): StoredFile => {
    const file = { fileId, fileUniqueId: `u-${fileId}`.slice(0, 32), filePath, bytes };
    files.set(fileId, file);
    filesByPath.set(filePath, file);
    return file;
  };

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
  const now = () => Math.floor(Date.now() / 1000);
  let nextInboundMessageId = 1_000_000;

  const pushUpdate = (update: JsonObject): JsonObject => {
    const full = {
      ...update,
      update_id: typeof update.update_id === 'number' ? update.update_id : nextUpdateId,
    };
    nextUpdateId = Math.max(nextUpdateId, (full.update_id as number) + 1);
    if (webhook) {
      void deliverToWebhook(full);
      return full;
    }
    pending.push(full);
    if (poller) {
      const ready = pending.filter((u) => (u.update_id as number) >= poller!.offset).slice(0, poller.limit);
      if (ready.length > 0) poller.finish(ready);
    }
    return full;
  };

  const deliverToWebhook = async (update: JsonObject) => {
    const target = webhook;
    if (!target) return;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(target.secretToken ? { 'x-telegram-bot-api-secret-token': target.secretToken } : {}),
          },
          body: JSON.stringify(update),
        });
        await response.arrayBuffer();
        stats.webhookDeliveries += 1;
        if (response.ok) return;
      } catch {
        // Redelivered below, as Telegram does for an unreachable webhook.
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  };

  const message = (chatId: number, from: TelegramUser, extra: JsonObject): JsonObject => ({
    message_id: nextInboundMessageId++,
    date: now(),
    chat: privateChat({ ...from, id: chatId }),
    from,
    ...extra,
  });

  const emulator: TelegramEmulator = {
    token,
    botInfo,
    get apiRoot() {
      if (!apiRoot) throw new Error('telegram emulator: call start() first');
      return apiRoot;
    },
    calls,
    sent,
    files,
    commands,
    stats,
    get webhook() {
      return webhook;
    },
    sentTo: (chatId) => sent.get(String(chatId)) ?? [],
    allSent: () => [...sent.values()].flat().sort((a, b) => a.messageId - b.messageId),
    pushUpdate,
    pushText: (chatId, text, from) => {
      const user = userFrom(chatId, from);
      const entities = text.startsWith('/')
        ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }]
        : undefined;
      return pushUpdate({ message: message(chatId, user, { text, ...(entities ? { entities } : {}) }) });
    },
    pushCallback: (chatId, data, messageId, from) => {
      const user = userFrom(chatId, from);
      const shown = messageId ?? emulator.sentTo(chatId).at(-1)?.messageId ?? 1;
      const original = byMessage.get(`${chatId}:${shown}`);
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
            from: {
              id: botInfo.id,
              is_bot: true,
              first_name: botInfo.first_name,
              username: botInfo.username,
            },
            ...(original?.text !== undefined ? { text: original.text } : {}),
            ...(original?.replyMarkup ? { reply_markup: original.replyMarkup } : {}),
          },
        },
      });
    },
    pushPhoto: (chatId, fileId, caption, from) => {
      const user = userFrom(chatId, from);
      const stored = files.get(fileId);
      const size = {
        file_id: fileId,
        file_unique_id: `u-${fileId}`.slice(0, 32),
        width: 800,
        height: 600,
        file_size: stored?.bytes.length ?? 1,
      };
      return pushUpdate({
        message: message(chatId, user, { photo: [size], ...(caption ? { caption } : {}) }),
      });
    },
    pushContact: (chatId, phoneNumber, from) => {
      const user = userFrom(chatId, from);
      return pushUpdate({
        message: message(chatId, user, {
          contact: { phone_number: phoneNumber, first_name: user.first_name, user_id: user.id },
        }),
      });
    },
    setBehaviour: (fn) => {
      behaviour = fn;
    },
    enforceRateLimit: (perSecond) => {
      ratePerSecond = perSecond;
      recentSends = [];
    },
    addFile,
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          let value: ReturnType<typeof predicate>;
          try {
            value = predicate();
          } catch (error) {
            done();
            reject(error);
            return;
          }
          if (value) {
            done();
            resolve(value);
          }
        };
        const interval = setInterval(check, 20);
        const timer = setTimeout(() => {
          done();
          reject(new Error(`telegram emulator: waitFor timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearInterval(interval);
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      }),
    clear: () => {
      calls.length = 0;
      sent.clear();
      byMessage.clear();
      pending = [];
      recentSends = [];
      stats.rateLimited = 0;
      stats.uploads = 0;
      stats.webhookDeliveries = 0;
    },
    start: async () => {
      if (server) return apiRoot;
      server = createServer((req, res) => {
        void handle(req, res).catch((error: unknown) => {
          if (!res.headersSent) reply(res, 500, { ok: false, error_code: 500, description: String(error) });
        });
      });
      server.keepAliveTimeout = 60_000;
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return apiRoot;
    },
    stop: async () => {
      poller?.finish([]);
      const closing = server;
      server = undefined;
      if (!closing) return;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (req.method === 'GET' && fileMatch) {
      const file = fileMatch[1] === token ? filesByPath.get(decodeURIComponent(fileMatch[2]!)) : undefined;
      if (!file) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      res.end(file.bytes);
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const time = Date.now();
    const body = await readBody(req);
    const params = await parseParams(req.headers['content-type'] ?? '', body, url.searchParams);
    const method = match[2]!;
    const call: ApiCall = { method, params, time, status: 200 };
    calls.push(call);
    const answer = (status: number, payload: JsonObject) => {
      call.status = status;
      reply(res, status, payload);
      notify();
    };
    if (match[1] !== token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    try {
      const outcome = (await behaviour?.(method, params)) ?? 'ok';
      if (outcome !== 'ok') {
        if (outcome.status === 'hangup') {
          call.status = 0;
          req.socket.destroy();
          notify();
          return;
        }
        if (outcome.status === 429) throw tooMany(outcome.retryAfter);
        const description =
          outcome.description ??
          (outcome.status === 403 ? 'Forbidden: bot was blocked by the user' : 'Internal Server Error');
        throw new ApiFailure(outcome.status, description);
      }
      if (SENDING.has(method.toLowerCase()) && ratePerSecond !== undefined) {
        const windowStart = Date.now() - 1000;
        recentSends = recentSends.filter((at) => at > windowStart);
        if (recentSends.length >= ratePerSecond) {
          stats.rateLimited += 1;
          throw tooMany(Math.max(1, Math.ceil((recentSends[0]! + 1000 - Date.now()) / 1000)));
        }
        recentSends.push(Date.now());
      }
      const result = await dispatch(method, params, res);
      if (result === LONG_POLL) return;
      answer(200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      answer(error.status, {
        ok: false,
        error_code: error.status,
        description: error.description,
        ...(error.parameters ? { parameters: error.parameters } : {}),
      });
    }
  }

  const LONG_POLL = Symbol('long poll');

  async function dispatch(
    method: string,
    params: JsonObject,
    res: ServerResponse,
  ): Promise<unknown | typeof LONG_POLL> {
    switch (method.toLowerCase()) {
      case 'getme':
        return botInfo;
      case 'getupdates':
        return getUpdates(params, res);
      case 'setwebhook': {
        const target = String(params.url ?? '');
        webhook = target
          ? { url: target, ...(params.secret_token ? { secretToken: String(params.secret_token) } : {}) }
          : undefined;
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') pending = [];
        return true;
      }
      case 'deletewebhook':
        webhook = undefined;
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') pending = [];
        return true;
      case 'getwebhookinfo':
        return {
          url: webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: pending.length,
        };
      case 'sendmessage': {
        const text = requireString(params, 'text');
        if (text.length > 4096) throw new ApiFailure(400, 'Bad Request: message is too long');
        return record('sendMessage', params, { text });
      }
      case 'sendphoto':
        return sendPhoto(params);
      case 'copymessage': {
        const copy = record('copyMessage', params, {});
        return { message_id: copy.message_id };
      }
      case 'editmessagetext': {
        const target = findMessage(params);
        const text = requireString(params, 'text');
        const markup = params.reply_markup as JsonObject | undefined;
        if (target.text === text && JSON.stringify(target.replyMarkup) === JSON.stringify(markup)) {
          throw new ApiFailure(400, 'Bad Request: message is not modified');
        }
        target.text = text;
        target.replyMarkup = markup;
        target.edits += 1;
        return messageResult(target);
      }
      case 'editmessagereplymarkup': {
        const target = findMessage(params);
        target.replyMarkup = params.reply_markup as JsonObject | undefined;
        target.edits += 1;
        return messageResult(target);
      }
      case 'deletemessage': {
        const target = findMessage(params, 'Bad Request: message to delete not found');
        target.deleted = true;
        return true;
      }
      case 'answercallbackquery':
      case 'sendchataction':
        return true;
      case 'setmycommands':
        commands.splice(0, commands.length, ...((params.commands as JsonObject[] | undefined) ?? []));
        return true;
      case 'getfile': {
        const file = lookupFile(requireString(params, 'file_id'));
        if (!file) throw new ApiFailure(400, 'Bad Request: invalid file_id');
        return {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          file_size: file.bytes.length,
          file_path: file.filePath,
        };
      }
      default:
        throw new ApiFailure(404, 'Not Found: method not found');
    }
  }

  function getUpdates(params: JsonObject, res: ServerResponse): JsonObject[] | typeof LONG_POLL {
    if (webhook) {
      throw new ApiFailure(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Math.max(0, Number(params.timeout ?? 0));
    if (offset > 0) pending = pending.filter((u) => (u.update_id as number) >= offset);
    const ready = pending.slice(0, limit);
    if (ready.length > 0 || timeout === 0) return ready;
    // A second poller ends the first, as Telegram does.
    poller?.finish(
      new ApiFailure(
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      ),
    );
    const call = calls.at(-1)!;
    const timer = setTimeout(() => finish([]), timeout * 1000);
    const finish = (result: JsonObject[] | ApiFailure) => {
      clearTimeout(timer);
      if (poller?.finish === finish) poller = undefined;
      if (res.writableEnded || res.destroyed) return;
      if (result instanceof ApiFailure) {
        call.status = result.status;
        reply(res, result.status, { ok: false, error_code: result.status, description: result.description });
      } else {
        reply(res, 200, { ok: true, result });
      }
      notify();
    };
    poller = { offset, limit, finish };
    res.on('close', () => {
      if (poller?.finish === finish) {
        clearTimeout(timer);
        poller = undefined;
      }
    });
    return LONG_POLL;
  }

  function sendPhoto(params: JsonObject): JsonObject {
    const photo = params.photo;
    let file: StoredFile | undefined;
    let uploaded = false;
    if (photo instanceof Uint8Array) {
      const no = nextFileNo++;
      file = addFile(`AgACAgUpload${no}_${randomBytes(6).toString('hex')}`, photo, `photos/file_${no}.jpg`);
      uploaded = true;
      stats.uploads += 1;
    } else if (typeof photo === 'string' && /^https?:\/\//.test(photo)) {
      const no = nextFileNo++;
      file = addFile(
        `AgACAgUrl${no}_${randomBytes(6).toString('hex')}`,
        new Uint8Array(0),
        `photos/url_${no}.jpg`,
      );
    } else if (typeof photo === 'string') {
      file = lookupFile(photo);
      if (!file) throw new ApiFailure(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    } else {
      throw new ApiFailure(400, 'Bad Request: there is no photo in the request');
    }
    const caption = typeof params.caption === 'string' ? params.caption : undefined;
    return record('sendPhoto', params, { caption, photoFileId: file.fileId, uploaded });
  }

  function record(
    method: SentMessage['method'],
    params: JsonObject,
    content: { text?: string; caption?: string; photoFileId?: string; uploaded?: boolean },
  ): JsonObject {
    const chatId = requireString(params, 'chat_id');
    const item: SentMessage = {
      chatId,
      messageId: nextMessageId++,
      method,
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.caption !== undefined ? { caption: content.caption } : {}),
      ...(content.photoFileId ? { photoFileId: content.photoFileId } : {}),
      uploaded: content.uploaded ?? false,
      ...(params.reply_markup ? { replyMarkup: params.reply_markup as JsonObject } : {}),
      params,
      time: Date.now(),
      edits: 0,
      deleted: false,
    };
    const list = sent.get(chatId) ?? [];
    list.push(item);
    sent.set(chatId, list);
    byMessage.set(`${chatId}:${item.messageId}`, item);
    return messageResult(item);
  }

  function messageResult(item: SentMessage): JsonObject {
    const file = item.photoFileId ? files.get(item.photoFileId) : undefined;
    return {
      message_id: item.messageId,
      date: Math.floor(item.time / 1000),
      chat: { id: Number(item.chatId), type: 'private', first_name: 'Pelanggan' },
      from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
      ...(item.text !== undefined ? { text: item.text } : {}),
      ...(item.caption !== undefined ? { caption: item.caption } : {}),
      ...(file
        ? {
            photo: [
              {
                file_id: `${file.fileId}_s`,
                file_unique_id: `${file.fileUniqueId}_s`,
                width: 90,
                height: 90,
                file_size: 1,
              },
              {
                file_id: file.fileId,
                file_unique_id: file.fileUniqueId,
                width: 1280,
                height: 960,
                file_size: file.bytes.length,
              },
            ],
          }
        : {}),
      ...(item.replyMarkup ? { reply_markup: item.replyMarkup } : {}),
    };
  }

  function findMessage(params: JsonObject, notFound = 'Bad Request: message to edit not found'): SentMessage {
    const key = `${requireString(params, 'chat_id')}:${requireString(params, 'message_id')}`;
    const item = byMessage.get(key);
    if (!item || item.deleted) throw new ApiFailure(400, notFound);
    return item;
  }

  /** Small sizes ("<id>_s", shown in photo results) resolve to the big one's bytes. */
  function lookupFile(id: string): StoredFile | undefined {
    return files.get(id) ?? (id.endsWith('_s') ? files.get(id.slice(0, -2)) : undefined);
  }

  return emulator;
}

function tooMany(retryAfter: number): ApiFailure {
  return new ApiFailure(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

function requireString(params: JsonObject, name: string): string {
  const value = params[name];
  if (value === undefined || value === null || value === '') {
    throw new ApiFailure(400, `Bad Request: ${name} is empty`);
  }
  return String(value);
}

function reply(res: ServerResponse, status: number, payload: JsonObject): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseParams(contentType: string, body: Buffer, query: URLSearchParams): Promise<JsonObject> {
  const params: JsonObject = Object.fromEntries(query);
  if (body.length === 0) return normalize(params);
  if (contentType.includes('application/json')) {
    Object.assign(params, JSON.parse(body.toString('utf8')) as JsonObject);
    return params;
  }
  if (contentType.includes('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    return normalize(params);
  }
  if (contentType.includes('multipart/form-data')) {
    const uploads = new Map<string, Uint8Array>();
    for (const part of await parseMultipart(contentType, body)) {
      if (part.filename === undefined) params[part.name] = part.data.toString('utf8');
      else uploads.set(part.name, new Uint8Array(part.data));
    }
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'string' && value.startsWith('attach://')) {
        const file = uploads.get(value.slice('attach://'.length));
        if (file) params[name] = file;
      }
    }
    for (const [name, bytes] of uploads)
      if (!(name in params) && name in KNOWN_UPLOAD_FIELDS) params[name] = bytes;
    return normalize(params);
  }
  return normalize(params);
}

interface Part {
  name: string;
  filename: string | undefined;
  data: Buffer;
}

/**
 * The Web Request API's parser first; grammY writes headers the strict parser refuses
 * (`content-disposition:form-data;name="x";filename=a.jpg`, no quotes), so a tolerant split follows.
 */
async function parseMultipart(contentType: string, body: Buffer): Promise<Part[]> {
  try {
    const form = await new Request('http://emulator/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
    const parts: Part[] = [];
    for (const [name, value] of form) {
      parts.push(
        typeof value === 'string'
          ? { name, filename: undefined, data: Buffer.from(value) }
          : { name, filename: value.name, data: Buffer.from(await value.arrayBuffer()) },
      );
    }
    return parts;
  } catch {
    return splitMultipart(contentType, body);
  }
}

function splitMultipart(contentType: string, body: Buffer): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new ApiFailure(400, 'Bad Request: multipart without boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, from);
    if (next === -1) break;
    const chunk = body.subarray(from + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = chunk.indexOf('\r\n\r\n');
    const headers = chunk.subarray(0, split).toString('utf8');
    const name = /name="?([^";\r\n]+)"?/i.exec(headers.replace(/filename=[^;\r\n]*/i, ''))?.[1];
    const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    if (name) parts.push({ name, filename, data: chunk.subarray(split + 4) });
    start = next;
  }
  return parts;
}

/** Upload fields a client may send directly as a file part (rather than via attach://). */
const KNOWN_UPLOAD_FIELDS = { photo: true, document: true, certificate: true } as const;

function normalize(params: JsonObject): JsonObject {
  for (const [name, value] of Object.entries(params)) {
    if (JSON_FIELDS.has(name) && typeof value === 'string') {
      try {
        params[name] = JSON.parse(value) as unknown;
      } catch {
        // Left as text; the method decides.
      }
    }
  }
  return params;
}
