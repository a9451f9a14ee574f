import type { Context } from 'hono';
import { Redis } from 'ioredis';
import { clientAddress as addressOf, requestOrigin } from '../../src/client-address.ts';
import type { Logger } from '../../src/logger.ts';

export interface RateLimit {
  /** Requests allowed in one window. */
  limit: number;
  windowSeconds: number;
}

export interface WebChatRateLimitDeps {
  /** A client that fails fast when Redis is away (createRateLimitRedis): the chat then runs unlimited. */
  redis: Redis;
  /** Key prefix shared with the queues (QUEUE_PREFIX), so two installs on one Redis stay apart. */
  prefix: string;
  /** Per chat cookie. Default 30 a minute: a person tapping fast sends a few a second, not one a second for a minute. */
  perChat?: RateLimit;
  /** Per client address. Default 120 a minute: a family or an office behind one address still chats. */
  perIp?: RateLimit;
}

const DEFAULT_PER_CHAT: RateLimit = { limit: 30, windowSeconds: 60 };
const DEFAULT_PER_IP: RateLimit = { limit: 120, windowSeconds: 60 };

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Redis for the limiter: no offline queue and one retry, so a Redis outage never holds a chat request. */
export function createRateLimitRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {});
  return redis;
}

/**
 * Fixed-window counters in Redis (INCR on a key per window): every POST counts against its chat and
 * its address; over either limit answers "wait N seconds". Redis errors let the request through.
 */
export function createRateLimiter(deps: WebChatRateLimitDeps, log: Logger, clock: () => Date = () => new Date()) {
  const perChat = deps.perChat ?? DEFAULT_PER_CHAT;
  const perIp = deps.perIp ?? DEFAULT_PER_IP;

  async function count(kind: string, id: string, rule: RateLimit, nowMs: number): Promise<RateVerdict> {
    const windowMs = rule.windowSeconds * 1000;
    const window = Math.floor(nowMs / windowMs);
    const key = `${deps.prefix}:webchat:rate:${kind}:${id}:${window}`;
    const result = await deps.redis.multi().incr(key).pexpire(key, windowMs * 2).exec();
    const hits = Number(result?.[0]?.[1] ?? 0);
    if (hits <= rule.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - nowMs) / 1000)) };
  }

  return async function check(chatId: string, address: string): Promise<RateVerdict> {
    const now = clock().getTime();
    try {
      const verdicts = await Promise.all([count('chat', chatId, perChat, now), count('ip', address, perIp, now)]);
      const refused = verdicts.filter((v) => !v.allowed);
      if (refused.length === 0) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(...refused.map((v) => v.retryAfterSeconds)) };
    } catch (error) {
      log.warn({ err: error }, 'web chat rate limit unavailable; request let through');
      return { allowed: true };
    }
  };
}

/**
 * The client's address for the per-address limit: the socket's peer, or with TRUST_PROXY the address
 * the proxy appended to X-Forwarded-For (src/client-address.ts, the same rule as the admin login).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  return addressOf(
    requestOrigin(c.env, (name) => c.req.header(name)),
    trustProxy,
  );
}
