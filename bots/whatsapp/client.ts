import type { MessageMedia, MessageSendOptions } from 'whatsapp-web.js';
import { AppError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { brokenStates, closeQuietly, errorText, readyStatus, withTimeout } from './lifecycle.ts';
import { renderQr } from './qr.ts';
import type { WhatsAppStatus, WhatsAppStatusProvider } from './status.ts';
import type { WhatsAppClient, WhatsAppContactId, WhatsAppMessage } from './types.ts';

/**
 * The one WhatsApp link of this process: builds a Client, watches its events, shows the owner where
 * it stands, and keeps trying when it breaks. It never throws out of start(): a studio whose phone is
 * offline or logged out still takes bookings on Telegram and the web.
 */

export interface WhatsAppConnectionDeps {
  /** A new Client per attempt (whatsapp-web.js: createRealWhatsAppClient; tests: the fake). */
  createClient: () => WhatsAppClient;
  log: Logger;
  /**
   * How long an attempt may stay in "starting" (Chromium launch, page load, session restore) before
   * it is destroyed and retried. 3 minutes: a cold start on a small machine takes ~30–60 s, and
   * page.goto in the library has no timeout of its own, so without this it can wait forever.
   */
  initializeTimeoutMs?: number;
  /** Delay before attempt n+1 after n failures: initialMs · 2^(n-1), at most maxMs. */
  backoff?: { initialMs: number; maxMs: number };
  /** destroy() closes Chromium; a wedged browser must not block shutdown or the next attempt. */
  destroyTimeoutMs?: number;
  /**
   * The longest a send or lookup may take. 60 s: a photo upload on a slow link takes seconds; a page
   * that stopped answering would otherwise hold the outbound worker, and shutdown, forever.
   */
  callTimeoutMs?: number;
  /** Where the terminal QR goes (console by default). */
  printQr?: (terminalQr: string) => void;
}

export interface WhatsAppConnection extends WhatsAppStatusProvider {
  /** Starts connecting in the background; returns at once and never throws. */
  start(): void;
  stop(): Promise<void>;
  isReady(): boolean;
  /** Inbound messages of the current client (one handler; errors are logged, never thrown back). */
  onMessage(handler: (message: WhatsAppMessage) => Promise<void>): void;
  /** Sends through the ready client, or fails with CHANNEL_UNAVAILABLE (retryable) when not ready. */
  sendMessage(chatId: string, content: string | MessageMedia, options?: MessageSendOptions): Promise<void>;
  getNumberId(number: string): Promise<WhatsAppContactId | null>;
}

const DEFAULT_INITIALIZE_TIMEOUT_MS = 3 * 60_000;
/** 5 s, doubling, at most 5 minutes: quick after a blip, gentle when WhatsApp is down for hours. */
const DEFAULT_BACKOFF = { initialMs: 5_000, maxMs: 5 * 60_000 };
const DEFAULT_DESTROY_TIMEOUT_MS = 15_000;

export function createWhatsAppConnection(deps: WhatsAppConnectionDeps): WhatsAppConnection {
  const log = deps.log.child({ part: 'whatsapp' });
  const initializeTimeoutMs = deps.initializeTimeoutMs ?? DEFAULT_INITIALIZE_TIMEOUT_MS;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const destroyTimeoutMs = deps.destroyTimeoutMs ?? DEFAULT_DESTROY_TIMEOUT_MS;
  const callTimeoutMs = deps.callTimeoutMs ?? 60_000;
  const printQr = deps.printQr ?? ((text: string) => console.log(text));

  let current: WhatsAppStatus = { state: 'starting', since: new Date(), attempt: 0 };
  const listeners = new Set<(status: WhatsAppStatus) => void>();
  let client: WhatsAppClient | undefined;
  /** Raised for every attempt and on stop, so events of an abandoned client are ignored. */
  let generation = 0;
  let attempts = 0;
  let failuresInARow = 0;
  let watchdog: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let messageHandler: ((message: WhatsAppMessage) => Promise<void>) | undefined;

  const setStatus = (status: WhatsAppStatus) => {
    current = status;
    for (const listener of listeners) {
      try {
        listener(status);
      } catch (error) {
        log.error({ err: error }, 'whatsapp status listener failed');
      }
    }
  };

  const armWatchdog = (gen: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      void fail(gen, 'disconnected', `initialize did not finish within ${Math.round(initializeTimeoutMs / 1000)} s`);
    }, initializeTimeoutMs);
  };
  const disarmWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = undefined;
  };

  /** Abandons the attempt `gen`, shows why, and schedules the next one with backoff. */
  const fail = async (gen: number, kind: 'disconnected' | 'auth_failure', reason: string) => {
    if (gen !== generation || stopped) return;
    generation += 1;
    disarmWatchdog();
    failuresInARow += 1;
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failuresInARow - 1));
    const since = new Date();
    const retryAt = new Date(since.getTime() + delay);
    log.warn({ reason, kind, retryInMs: delay, attempt: attempts }, 'whatsapp not connected; will retry');
    setStatus(
      kind === 'auth_failure'
        ? { state: 'auth_failure', since, message: reason, retryAt }
        : { state: 'disconnected', since, reason, retryAt, attempt: attempts },
    );
    const old = client;
    client = undefined;
    if (old) await closeQuietly(old, destroyTimeoutMs, log);
    if (stopped) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void attempt(), delay);
  };

  const wire = (c: WhatsAppClient, gen: number) => {
    const live = () => gen === generation && !stopped;
    c.on('qr', (qr) => {
      if (!live()) return;
      disarmWatchdog();
      void showQr(qr, gen);
    });
    c.on('authenticated', () => {
      if (!live()) return;
      log.info('whatsapp authenticated');
      // From here to 'ready' nobody is scanning: a stall is the library's, so the watchdog guards it.
      armWatchdog(gen);
      setStatus({ state: 'starting', since: new Date(), attempt: attempts });
    });
    c.on('auth_failure', (message) => {
      if (!live()) return;
      void fail(gen, 'auth_failure', message || 'authentication failed');
    });
    c.on('ready', () => {
      if (!live()) return;
      disarmWatchdog();
      failuresInARow = 0;
      const ready = readyStatus(c);
      // The studio's own number, not a customer's: under a key the log's phone redaction leaves alone.
      log.info({ studioNumber: ready.phone }, 'whatsapp ready');
      setStatus(ready);
    });
    c.on('change_state', (state) => {
      if (!live()) return;
      log.info({ state }, 'whatsapp state changed');
      if (brokenStates.has(state)) {
        // Logged out, opened elsewhere, blocked or too old: this session will not come back by itself.
        void fail(gen, 'disconnected', state);
      } else if (state === 'TIMEOUT' && current.state === 'ready') {
        // The phone is unreachable for a while; the library keeps trying and says CONNECTED when back.
        setStatus({ state: 'disconnected', since: new Date(), reason: state, retryAt: undefined, attempt: attempts });
      } else if (state === 'CONNECTED' && current.state === 'disconnected' && current.retryAt === undefined) {
        setStatus(readyStatus(c));
      }
    });
    c.on('disconnected', (reason) => {
      if (!live()) return;
      void fail(gen, 'disconnected', String(reason || 'disconnected'));
    });
    c.on('message', (message) => {
      if (!live() || !messageHandler) return;
      messageHandler(message).catch((error: unknown) => {
        log.error({ err: error, messageId: message.id.id }, 'whatsapp message handling failed');
      });
    });
  };

  const showQr = async (qr: string, gen: number) => {
    let qrDataUrl: string | undefined;
    try {
      const rendered = await renderQr(qr);
      qrDataUrl = rendered.dataUrl;
      printQr(rendered.terminal);
    } catch (error) {
      log.warn({ err: error }, 'could not render the WhatsApp QR code');
    }
    if (gen !== generation || stopped) return;
    log.info('whatsapp waiting for the QR code to be scanned');
    setStatus({ state: 'waiting_for_qr', since: new Date(), qr, qrDataUrl });
  };

  const attempt = async () => {
    if (stopped) return;
    generation += 1;
    const gen = generation;
    attempts += 1;
    setStatus({ state: 'starting', since: new Date(), attempt: attempts });
    let c: WhatsAppClient;
    try {
      c = deps.createClient();
    } catch (error) {
      await fail(gen, 'disconnected', errorText(error));
      return;
    }
    client = c;
    wire(c, gen);
    armWatchdog(gen);
    try {
      await c.initialize();
    } catch (error) {
      await fail(gen, 'disconnected', errorText(error));
    }
  };

  return {
    start() {
      if (attempts > 0 || stopped) return;
      void attempt();
    },
    async stop() {
      stopped = true;
      generation += 1;
      disarmWatchdog();
      clearTimeout(retryTimer);
      const old = client;
      client = undefined;
      if (old) await closeQuietly(old, destroyTimeoutMs, log);
      setStatus({ state: 'stopped', since: new Date() });
    },
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isReady: () => current.state === 'ready' && client !== undefined,
    onMessage(handler) {
      messageHandler = handler;
    },
    async sendMessage(chatId, content, options) {
      const c = client;
      if (current.state !== 'ready' || !c) throw new AppError('CHANNEL_UNAVAILABLE', `whatsapp is ${current.state}`);
      await withTimeout(c.sendMessage(chatId, content, options), callTimeoutMs, 'sendMessage');
    },
    async getNumberId(number) {
      const c = client;
      if (current.state !== 'ready' || !c) throw new AppError('CHANNEL_UNAVAILABLE', `whatsapp is ${current.state}`);
      return withTimeout(c.getNumberId(number), callTimeoutMs, 'getNumberId');
    },
  };
}
