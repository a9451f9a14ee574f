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
  /**
   * True when the bot made this call in its answer to a webhook delivery (`{"method": …}` in the
   * body) rather than as a request of its own: Telegram runs it and tells nobody the outcome.
   */
  viaWebhookReply: boolean;
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
  readonly webhook: { url: string; secretToken?: string; maxConnections: number } | undefined;
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

/** An answer `{ ok: false, error_code, description, parameters? }` with the same HTTP status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: JsonObject,
  ) {
    super(description);
  }
}

export function tooMany(retryAfter: number): ApiFailure {
  return new ApiFailure(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

export function requireString(params: JsonObject, name: string): string {
  const value = params[name];
  if (value === undefined || value === null || value === '') {
    throw new ApiFailure(400, `Bad Request: ${name} is empty`);
  }
  return String(value);
}
