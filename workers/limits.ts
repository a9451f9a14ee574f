import type { Limiter } from './worker-kit.ts';

/**
 * A steady `perSecond` as BullMQ limiter windows of ~50 ms. BullMQ counts per fixed window, so one
 * 1-second window lets up to twice the rate through in a sliding second at its edges (STACK.md measured
 * 33–51 for 30/s); short windows keep any sliding second within perSecond + max.
 */
export function pacedLimiter(perSecond: number): Limiter {
  const max = Math.max(1, Math.floor(perSecond / 20));
  return { max, duration: Math.max(1, Math.round((1000 * max) / perSecond)) };
}

export interface WhatsappPacingConfig {
  ratePerHour: number;
  minGapSeconds: number;
}

/**
 * WhatsApp through an unofficial client is banned for fast bulk sends: one message per gap, where the
 * gap is the larger of the minimum spacing and 3600/ratePerHour seconds, plus up to half a gap of random
 * jitter so the rhythm does not look machine-made.
 */
export function whatsappPacing(config: WhatsappPacingConfig, random: () => number = Math.random) {
  const gapMs = Math.max(config.minGapSeconds * 1000, 3_600_000 / config.ratePerHour);
  return {
    limiter: { max: 1, duration: Math.round(gapMs) } satisfies Limiter,
    /** Milliseconds the queue pauses after each delivered message. */
    pauseAfterSend: () => Math.round(gapMs + random() * gapMs * 0.5),
  };
}

/** Above this rate the slot clock's round trip per send costs more than bunching risks. */
const PACE_BELOW_PER_SECOND = 200;

/**
 * Telegram's bulk limit (~30/s per bot; the studio's default 25/s): sends spaced by the slot clock,
 * with BullMQ's limiter at 1.5× as a guard that never binds in normal running. Lifted rates (paid
 * broadcasts, benchmarks) use the limiter alone.
 */
export function telegramPacing(perSecond: number): { limiter: Limiter; pacePerSecond?: number } {
  if (perSecond >= PACE_BELOW_PER_SECOND) return { limiter: pacedLimiter(perSecond) };
  return { limiter: pacedLimiter(perSecond * 1.5), pacePerSecond: perSecond };
}
