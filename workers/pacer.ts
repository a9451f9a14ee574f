import type { Redis } from 'ioredis';

/**
 * Even spacing of sends across every process on one queue: each send reserves the next free slot,
 * `1/perSecond` after the previous one, on Redis's clock, and waits for it. BullMQ's limiter counts
 * jobs per fixed window, which either bunches sends at window edges (a 1 s window) or, with short
 * windows, loses a few ms per window and falls short of the rate; a slot clock does neither.
 */
export interface Pacer {
  /** Waits for this send's slot. */
  wait(): Promise<void>;
  /** Moves the clock past a platform-imposed pause (429 retry_after), so no slot falls inside it. */
  pushBack(ms: number): Promise<void>;
}

// Microseconds, from Redis's TIME, so processes on different machines share one clock.
const reserveScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, last + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], slot, 'PX', 60000)
return math.ceil((slot - now) / 1000)
`;
const pushBackScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local until_ = now + tonumber(ARGV[1]) * 1000
if until_ > last then redis.call('SET', KEYS[1], until_, 'PX', 60000 + tonumber(ARGV[1])) end
return 0
`;

export function createPacer(redis: Redis, key: string, perSecond: number): Pacer {
  const intervalUs = Math.max(1, Math.round(1_000_000 / perSecond));
  return {
    async wait() {
      const delayMs = Number(await redis.eval(reserveScript, 1, key, intervalUs));
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    },
    async pushBack(ms) {
      await redis.eval(pushBackScript, 1, key, Math.round(ms));
    },
  };
}
