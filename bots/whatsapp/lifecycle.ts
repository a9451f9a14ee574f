import type { Logger } from '../../src/logger.ts';
import type { WhatsAppStatus } from './status.ts';
import type { WhatsAppClient } from './types.ts';

/** WAState values after which the session must be rebuilt (whatsapp-web.js index.d.ts WAState). */
export const brokenStates = new Set([
  'CONFLICT',
  'UNPAIRED',
  'UNPAIRED_IDLE',
  'DEPRECATED_VERSION',
  'TOS_BLOCK',
  'SMB_TOS_BLOCK',
  'PROXYBLOCK',
]);

/** The studio's own number and profile name, as the linked phone reports them. */
export function readyStatus(client: WhatsAppClient): Extract<WhatsAppStatus, { state: 'ready' }> {
  const user = client.info?.wid?.user;
  return { state: 'ready', since: new Date(), phone: user ? `+${user}` : undefined, pushname: client.info?.pushname };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Closes an abandoned client without waiting on it forever: destroy() closes Chromium, and a wedged
 * browser must block neither shutdown nor the next attempt. Its late events are dropped with its listeners.
 */
export async function closeQuietly(client: WhatsAppClient, timeoutMs: number, log: Logger): Promise<void> {
  client.removeAllListeners();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.destroy(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } catch (error) {
    log.warn({ err: error }, 'whatsapp client did not close cleanly');
  } finally {
    clearTimeout(timer);
  }
}

/** The promise, or a rejection after `ms` (a retryable failure for the caller: the send may still land). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`whatsapp ${what} did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
