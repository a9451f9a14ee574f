import type { Update } from 'grammy/types';
import type { Context as HonoContext, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Header Telegram sends with the secret_token given to setWebhook. */
const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/**
 * grammY's adapter for Hono, except for the webhook reply: grammY hands over the method call as a
 * JSON text and its own 'hono' adapter passes that to `c.json`, which encodes it a second time, so
 * Telegram would get a JSON string instead of an object and run nothing. Here the text goes out as is.
 * The answer still leaves only once the update is handled (grammY awaits the middleware first), so
 * Telegram redelivers an update whose handling did not finish.
 */
export function honoWebhookAdapter(c: HonoContext) {
  let resolve: (response: Response) => void = () => undefined;
  const handlerReturn = new Promise<Response>((settle) => {
    resolve = settle;
  });
  return {
    get update() {
      return c.req.json<Update>();
    },
    header: c.req.header(SECRET_HEADER),
    end: () => resolve(c.body('')),
    respond: (json: string) => resolve(c.body(json, 200, { 'content-type': 'application/json' })),
    unauthorized: () => resolve(c.body('secret token is wrong', 401)),
    handlerReturn,
  };
}

/**
 * 1 MB per update. A real update is a few kB (a message's text is at most 4,096 characters, media come
 * as file ids), so a larger body is not Telegram's, even with the right secret.
 */
export const MAX_UPDATE_BYTES = 1024 * 1024;

/**
 * 413 for a body over MAX_UPDATE_BYTES, before grammY reads it (hono/body-limit): a declared
 * Content-Length over the limit is refused unread, and a chunked body is counted as it streams in and
 * dropped at the first byte past the limit, so at most 1 MB is ever held.
 */
export function updateBodyLimit(): MiddlewareHandler {
  return bodyLimit({ maxSize: MAX_UPDATE_BYTES, onError: (c) => c.text('update too large', 413) });
}
