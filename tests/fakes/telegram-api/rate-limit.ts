import { tooMany } from './types.ts';

/** Methods that count toward the sending limit. */
const SENDING = new Set(['sendmessage', 'sendphoto', 'copymessage', 'editmessagetext', 'editmessagereplymarkup']);

/**
 * Telegram's bulk limit, global like the real one: more than `perSecond` sends in any sliding second
 * answers 429 with retry_after. Off until `set(n)`.
 */
export function createSendLimiter(stats: { rateLimited: number }) {
  let perSecond: number | undefined;
  let recentSends: number[] = [];
  return {
    set(limit: number | undefined) {
      perSecond = limit;
      recentSends = [];
    },
    reset() {
      recentSends = [];
    },
    /** Throws the 429 when `method` is a send over the limit; otherwise counts it. */
    check(method: string) {
      if (perSecond === undefined || !SENDING.has(method.toLowerCase())) return;
      const now = Date.now();
      recentSends = recentSends.filter((at) => at > now - 1000);
      if (recentSends.length >= perSecond) {
        stats.rateLimited += 1;
        throw tooMany(Math.max(1, Math.ceil((recentSends[0]! + 1000 - now) / 1000)));
      }
      recentSends.push(now);
    },
  };
}

export type SendLimiter = ReturnType<typeof createSendLimiter>;
