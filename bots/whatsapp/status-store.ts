import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../src/logger.ts';
import { summarizeStatus, type WhatsAppStatusProvider, type WhatsAppStatusSummary } from './status.ts';

/**
 * The WhatsApp status shared through Redis, for when the admin web runs in another process than the
 * WhatsApp client (`--role web` beside `--role whatsapp`). The WhatsApp process writes its status on
 * every change and refreshes it every minute with a 3-minute expiry, so a process that died reads as
 * "not running" within three minutes instead of showing "ready" forever.
 */

const TTL_SECONDS = 180;
const HEARTBEAT_MS = 60_000;

const whatsappStatusKey = (prefix: string) => `${prefix}:whatsapp:status`;

/** A Redis client for small reads and writes that fail fast instead of queueing while Redis is away. */
export function createStatusRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  redis.on('error', () => {
    // ioredis reconnects on its own; a failed write is logged by its caller, a failed read shown as unknown.
  });
  return redis;
}

export function publishWhatsAppStatus(
  redis: Redis,
  prefix: string,
  provider: WhatsAppStatusProvider,
  log: Logger,
): { stop(): Promise<void> } {
  const key = whatsappStatusKey(prefix);
  const write = async () => {
    try {
      await redis.set(key, JSON.stringify(summarizeStatus(provider.status())), 'EX', TTL_SECONDS);
    } catch (error) {
      log.warn({ err: error }, 'could not publish the WhatsApp status');
    }
  };
  const unsubscribe = provider.onStatus(() => void write());
  const heartbeat = setInterval(() => void write(), HEARTBEAT_MS);
  heartbeat.unref();
  void write();
  return {
    async stop() {
      unsubscribe();
      clearInterval(heartbeat);
      await redis.del(key).catch(() => undefined);
    },
  };
}

const summarySchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('qr'), qr: z.string(), qrDataUrl: z.string().optional() }),
  z.object({ state: z.literal('ready'), phone: z.string().optional() }),
  z.object({ state: z.literal('disconnected'), reason: z.string().optional() }),
]);

/** What the WhatsApp process last published; "disconnected" when nothing (or nothing readable) is there. */
export async function readWhatsAppStatus(redis: Redis, prefix: string): Promise<WhatsAppStatusSummary> {
  let raw: string | null;
  try {
    raw = await redis.get(whatsappStatusKey(prefix));
  } catch {
    return { state: 'disconnected', reason: 'status unavailable (Redis does not answer)' };
  }
  if (!raw) return { state: 'disconnected', reason: 'the WhatsApp process is not running' };
  try {
    const parsed = summarySchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // Unreadable JSON: reported below like an unknown shape.
  }
  return { state: 'disconnected', reason: 'unreadable status' };
}
