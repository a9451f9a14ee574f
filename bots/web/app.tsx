import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { files } from '../../db/schema/index.ts';
import { MAX_IMAGE_BYTES } from '../../src/files/store.ts';
import { type Locale, t } from '../../src/i18n/index.ts';
import type { Logger } from '../../src/logger.ts';
import { getSettings } from '../../src/settings/index.ts';
import { type Clock, systemClock } from '../../src/time.ts';
import {
  type ChatInput,
  type ConversationDeps,
  type ConversationRuntime,
  createSessionCache,
  runTurn,
} from '../conversation/index.ts';
import { localeFromAcceptLanguage, sessionLocale } from './locale.ts';
import { listMessages, storeTurn, type WebInbound, webThreadOf } from './messages.ts';
import { clientAddress, createRateLimiter, type WebChatRateLimitDeps } from './rate-limit.ts';
import { ChatPage } from './page.tsx';

export interface WebChatDeps {
  db: Db;
  /** Signs the chat cookie (SESSION_SECRET, or the one kept under DATA_DIR). */
  secret: string;
  timeZone: string;
  defaultLocale: Locale;
  log: Logger;
  clock?: Clock;
  /** Set the cookie's Secure flag (the site is served over https). */
  secureCookies?: boolean;
  publicUrl?: string | undefined;
  /** Limits POST /chat/api/* per chat and per address; without it the chat is unlimited (tests, dev). */
  rateLimit?: WebChatRateLimitDeps | undefined;
  /** TRUST_PROXY: the per-address limit reads the client from X-Forwarded-For (off: the socket's peer). */
  trustProxy?: boolean;
  /** The outbox on a given transaction (registration's phone codes go to the customer's other chat). */
  outbox?: ConversationDeps['outbox'];
  /** Settings and catalog reads shared by this app's turns (up to 30 s stale after an admin edit). */
  cache?: ConversationDeps['cache'];
}

const COOKIE = 'potret_chat';
/** One year: the chat is how a customer comes back to their bookings. */
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;
/** A proof photo may be 10 MB; multipart framing adds a little. */
const PHOTO_BODY_LIMIT = MAX_IMAGE_BYTES + 256 * 1024;
const JSON_BODY_LIMIT = 16 * 1024;

const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

/** Characters in one typed message: the text input's maxlength says the same. */
const MAX_MESSAGE_CHARS = 2000;
const messageSchema = z.object({ text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS) });
const choiceSchema = z.object({
  id: z
    .string()
    .min(1, 'Pilihan kosong')
    .refine((id) => Buffer.byteLength(id) <= 64, 'Pilihan tidak dikenal'),
  label: z.string().max(200).optional(),
});
const afterSchema = z.coerce.number().int().min(0).default(0);

type FieldProblem = { field: string; message: string };
const badRequest = (c: Context, fields: FieldProblem[]) =>
  c.json({ error: fields[0]?.message ?? 'Bad request', fields }, 400);

/**
 * The web chat at /chat: the same conversation as Telegram, for a phone browser. The customer is a
 * signed HttpOnly cookie (a random thread id) until they register, then a customer found by phone.
 * The page polls for new messages, so staff replies the outbox writes to web_messages appear too.
 */
export function createWebChatApp(deps: WebChatDeps): Hono {
  const app = new Hono();
  const assets = new Map<string, { body: string; type: string }>([
    ['chat.js', { body: readFileSync(path.join(staticDir, 'chat.js'), 'utf8'), type: 'text/javascript; charset=utf-8' }],
    ['chat.css', { body: readFileSync(path.join(staticDir, 'chat.css'), 'utf8'), type: 'text/css; charset=utf-8' }],
  ]);
  const assetVersion = randomBytes(4).toString('hex');

  // One id per request: a second call must not mint (and set) a second fresh cookie.
  const chatIds = new WeakMap<Context, Promise<string>>();
  /** The chat's id from its signed cookie; a new one (and the cookie) when missing or tampered with. */
  function chatId(c: Context): Promise<string> {
    let id = chatIds.get(c);
    if (!id) {
      id = readOrSetChatId(c);
      chatIds.set(c, id);
    }
    return id;
  }

  async function readOrSetChatId(c: Context): Promise<string> {
    const existing = await getSignedCookie(c, deps.secret, COOKIE);
    if (typeof existing === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
    const fresh = randomBytes(18).toString('base64url');
    await setSignedCookie(c, COOKIE, fresh, deps.secret, {
      path: '/chat',
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.secureCookies ?? false,
      maxAge: COOKIE_MAX_AGE_SECONDS,
    });
    return fresh;
  }

  /** A new visitor's language, from the browser (Indonesian unless the browser is English only). */
  const browserLocale = (c: Context) => localeFromAcceptLanguage(c.req.header('accept-language'), deps.defaultLocale);
  /** The chat's own language once it has a session (the in-chat "🌐 English" switch wins), else the browser's. */
  const localeOf = async (c: Context): Promise<Locale> =>
    (await sessionLocale(deps.db, webThreadOf(await chatId(c)))) ?? browserLocale(c);

  const limiter = deps.rateLimit ? createRateLimiter(deps.rateLimit, deps.log, deps.clock ?? systemClock) : undefined;
  app.use('/api/*', async (c, next) => {
    if (!limiter || c.req.method !== 'POST') return next();
    const verdict = await limiter(await chatId(c), clientAddress(c, deps.trustProxy ?? false));
    if (verdict.allowed) return next();
    c.header('Retry-After', String(verdict.retryAfterSeconds));
    return c.json({ error: t(await localeOf(c), 'errors.RATE_LIMITED'), retryAfter: verdict.retryAfterSeconds }, 429);
  });

  const runtime: ConversationRuntime = {
    db: deps.db,
    clock: deps.clock ?? systemClock,
    timeZone: deps.timeZone,
    defaultLocale: deps.defaultLocale,
    publicUrl: deps.publicUrl,
    log: deps.log,
    outbox: deps.outbox,
    cache: deps.cache,
    sessions: createSessionCache(),
  };

  async function turn(c: Context, input: ChatInput, shown: WebInbound) {
    const externalId = await chatId(c);
    const thread = webThreadOf(externalId);
    await runTurn(runtime, {
      channel: 'web',
      externalId,
      input,
      // Only a hint for a brand-new chat: an existing session keeps the language it has.
      locale: browserLocale(c),
      record: (tx, replies) => storeTurn(tx, thread, shown, replies),
    });
    // The page sends the last id it shows; it gets its own bubble, the replies and any staff message since.
    const after = afterSchema.safeParse(c.req.query('after') ?? undefined);
    return c.json({ messages: await listMessages(deps.db, thread, after.success ? after.data : 0) });
  }

  app.get('/', async (c) => {
    await chatId(c);
    const settings = await getSettings(deps.db, deps.cache);
    const referral = /^[A-Za-z0-9-]{1,40}$/.test(c.req.query('ref') ?? '') ? c.req.query('ref') : undefined;
    c.header('Cache-Control', 'no-store');
    return c.html(
      <ChatPage studioName={settings.studioName} locale={await localeOf(c)} referral={referral} assetVersion={assetVersion} />,
    );
  });

  app.get('/static/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(asset.body, 200, { 'Content-Type': asset.type });
  });

  /** Product and broadcast images only: proofs and complaint photos are never served back here. */
  app.get('/files/:id', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) return c.notFound();
    const [file] = await deps.db
      .select({ data: files.data, mime: files.mime })
      .from(files)
      .where(and(eq(files.id, id), inArray(files.purpose, ['product', 'broadcast'])))
      .limit(1);
    if (!file) return c.notFound();
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(new Uint8Array(file.data), 200, { 'Content-Type': file.mime });
  });

  app.get('/api/messages', async (c) => {
    const after = afterSchema.safeParse(c.req.query('after') ?? undefined);
    if (!after.success) return badRequest(c, [{ field: 'after', message: 'after harus angka' }]);
    const thread = webThreadOf(await chatId(c));
    c.header('Cache-Control', 'no-store');
    return c.json({ messages: await listMessages(deps.db, thread, after.data) });
  });

  const json = bodyLimit({
    maxSize: JSON_BODY_LIMIT,
    onError: async (c) => c.json({ error: t(await localeOf(c), 'chat.web.tooLong') }, 413),
  });

  app.post('/api/message', json, async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const parsed = messageSchema.safeParse(body);
    if (!parsed.success) {
      const key = parsed.error.issues[0]?.code === 'too_big' ? 'chat.web.tooLong' : 'chat.web.empty';
      return badRequest(c, [{ field: 'text', message: t(await localeOf(c), key) }]);
    }
    return turn(c, { type: 'text', text: parsed.data.text }, { type: 'text', text: parsed.data.text });
  });

  app.post('/api/choice', json, async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const parsed = choiceSchema.safeParse(body);
    if (!parsed.success) return badRequest(c, [{ field: 'id', message: parsed.error.issues[0]?.message ?? 'Pilihan tidak valid' }]);
    const label = parsed.data.label?.trim() || parsed.data.id;
    return turn(c, { type: 'choice', id: parsed.data.id }, { type: 'choice', label });
  });

  app.post(
    '/api/photo',
    bodyLimit({
      maxSize: PHOTO_BODY_LIMIT,
      onError: async (c) => {
        const message = t(await localeOf(c), 'errors.FILE_TOO_LARGE');
        return c.json({ error: message, fields: [{ field: 'photo', message }] }, 413);
      },
    }),
    async (c) => {
      const form = await c.req.formData().catch(() => undefined);
      const photo = form?.get('photo');
      if (!(photo instanceof File) || photo.size === 0) {
        return badRequest(c, [{ field: 'photo', message: t(await localeOf(c), 'chat.web.photoMissing') }]);
      }
      const name = photo.name.slice(0, 255) || undefined;
      return turn(
        c,
        {
          type: 'photo',
          size: photo.size,
          ...(photo.type ? { mime: photo.type } : {}),
          ...(name ? { fileName: name } : {}),
          load: async () => new Uint8Array(await photo.arrayBuffer()),
        },
        { type: 'photo', ...(name ? { name } : {}) },
      );
    },
  );

  // The conversation answers customers' mistakes itself; this is for a broken database or similar.
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'web chat request failed');
    // The browser's language: the database may be what failed.
    return c.json({ error: t(browserLocale(c), 'errors.INTERNAL') }, 500);
  });

  return app;
}
