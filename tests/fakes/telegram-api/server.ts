import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseParams, readBody, reply } from './http.ts';
import { createMethods } from './methods.ts';
import { createSendLimiter } from './rate-limit.ts';
import { createState } from './state.ts';
import {
  type ApiCall,
  ApiFailure,
  type Behaviour,
  type BotInfo,
  type JsonObject,
  TEST_BOT_TOKEN,
  type TelegramEmulator,
  tooMany,
} from './types.ts';
import { createUpdates, LONG_POLL } from './updates.ts';

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
  const watchers = new Set<() => void>();
  const state = createState(token, botInfo, () => {
    for (const watcher of [...watchers]) watcher();
  });
  const limiter = createSendLimiter(state.stats);
  const updates = createUpdates(state, runWebhookAnswer);
  const dispatch = createMethods(state, updates);
  let behaviour: Behaviour | undefined;
  let server: Server | undefined;
  let apiRoot = '';

  type Answer = { status: number; payload: JsonObject } | 'hangup' | typeof LONG_POLL;

  /** One method under the failure behaviour and the send limit, answered in the Bot API's shape. */
  async function execute(
    method: string,
    params: JsonObject,
    call: ApiCall,
    res: ServerResponse | undefined,
  ): Promise<Answer> {
    try {
      const outcome = (await behaviour?.(method, params)) ?? 'ok';
      if (outcome !== 'ok') {
        if (outcome.status === 'hangup') return 'hangup';
        if (outcome.status === 429) throw tooMany(outcome.retryAfter);
        const description =
          outcome.description ??
          (outcome.status === 403 ? 'Forbidden: bot was blocked by the user' : 'Internal Server Error');
        throw new ApiFailure(outcome.status, description);
      }
      limiter.check(method);
      const result = await dispatch(method, params, res, call);
      if (result === LONG_POLL) return LONG_POLL;
      return { status: 200, payload: { ok: true, result } };
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      return {
        status: error.status,
        payload: {
          ok: false,
          error_code: error.status,
          description: error.description,
          ...(error.parameters ? { parameters: error.parameters } : {}),
        },
      };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (req.method === 'GET' && fileMatch) {
      const file = fileMatch[1] === token ? state.files.byPath(decodeURIComponent(fileMatch[2]!)) : undefined;
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
    const call: ApiCall = { method, params, time, status: 200, viaWebhookReply: false };
    state.calls.push(call);
    const answer = (status: number, payload: JsonObject) => {
      call.status = status;
      reply(res, status, payload);
      state.notify();
    };
    if (match[1] !== token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const outcome = await execute(method, params, call, res);
    if (outcome === LONG_POLL) return;
    if (outcome === 'hangup') {
      call.status = 0;
      req.socket.destroy();
      state.notify();
      return;
    }
    answer(outcome.status, outcome.payload);
  }

  /**
   * A webhook's 2xx answer may carry one method call (`method` plus its parameters, as JSON,
   * urlencoded or multipart, like a request); Telegram runs it and reports the outcome to nobody.
   * A body without a `method` is ignored, as Telegram does.
   */
  async function runWebhookAnswer(contentType: string, body: Buffer): Promise<void> {
    let params: JsonObject;
    try {
      params = await parseParams(contentType, body, new URLSearchParams());
    } catch {
      return;
    }
    const { method, ...rest } = params;
    if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) return;
    const call: ApiCall = { method, params: rest, time: Date.now(), status: 200, viaWebhookReply: true };
    state.calls.push(call);
    try {
      const outcome = await execute(method, rest, call, undefined);
      call.status = outcome === 'hangup' ? 0 : outcome === LONG_POLL ? 200 : outcome.status;
    } catch {
      call.status = 500; // an emulator fault; a request of its own would have been answered 500 too
    }
    state.notify();
  }

  return {
    token,
    botInfo,
    get apiRoot() {
      if (!apiRoot) throw new Error('telegram emulator: call start() first');
      return apiRoot;
    },
    calls: state.calls,
    sent: state.sent,
    files: state.files.files,
    commands: state.commands,
    stats: state.stats,
    get webhook() {
      return state.webhook;
    },
    sentTo: (chatId) => state.sent.get(String(chatId)) ?? [],
    allSent: () => [...state.sent.values()].flat().sort((a, b) => a.messageId - b.messageId),
    pushUpdate: updates.pushUpdate,
    pushText: updates.pushText,
    pushCallback: updates.pushCallback,
    pushPhoto: updates.pushPhoto,
    pushContact: updates.pushContact,
    setBehaviour: (fn) => {
      behaviour = fn;
    },
    enforceRateLimit: (perSecond) => limiter.set(perSecond),
    addFile: state.files.add,
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
      state.calls.length = 0;
      state.sent.clear();
      state.byMessage.clear();
      state.pending = [];
      limiter.reset();
      state.stats.rateLimited = 0;
      state.stats.uploads = 0;
      state.stats.webhookDeliveries = 0;
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
      state.poller?.finish([]);
      const closing = server;
      server = undefined;
      if (!closing) return;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    },
  };
}
