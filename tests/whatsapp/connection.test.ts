import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WhatsappStatus } from '../../admin-web/env.ts';
import { createWhatsAppConnection, type WhatsAppConnection } from '../../bots/whatsapp/client.ts';
import { summarizeStatus, type WhatsAppStatus } from '../../bots/whatsapp/status.ts';
import { isAppError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { FakeWhatsAppClient } from '../fakes/whatsapp-client.ts';

/** A connection over fake clients; `prepare` sets up the n-th client (0-based) before initialize(). */
function setup(
  options: { prepare?: (client: FakeWhatsAppClient, index: number) => void; initializeTimeoutMs?: number; callTimeoutMs?: number } = {},
) {
  const clients: FakeWhatsAppClient[] = [];
  const printed: string[] = [];
  const statuses: WhatsAppStatus[] = [];
  const connection = createWhatsAppConnection({
    createClient: () => {
      const client = new FakeWhatsAppClient();
      options.prepare?.(client, clients.length);
      clients.push(client);
      return client;
    },
    log: createLogger({ level: 'silent' }),
    initializeTimeoutMs: options.initializeTimeoutMs ?? 5_000,
    backoff: { initialMs: 20, maxMs: 80 },
    destroyTimeoutMs: 200,
    callTimeoutMs: options.callTimeoutMs ?? 5_000,
    printQr: (text) => printed.push(text),
  });
  connection.onStatus((status) => statuses.push(status));
  return { connection, clients, printed, statuses };
}

let connection: WhatsAppConnection | undefined;
afterEach(async () => {
  await connection?.stop();
  connection = undefined;
});

const retryDelay = (status: WhatsAppStatus) =>
  'retryAt' in status && status.retryAt ? status.retryAt.getTime() - status.since.getTime() : undefined;

describe('WhatsApp connection lifecycle', () => {
  it('shows the QR code to the owner (PNG data URL and terminal), then ready with the studio number', async () => {
    const t = setup();
    connection = t.connection;
    expect(t.connection.status().state).toBe('starting');
    t.connection.start();
    await vi.waitFor(() => expect(t.clients[0]?.initializeCalls).toBe(1));
    const qr = t.clients[0]!.emitQr();
    await vi.waitFor(() => expect(t.connection.status().state).toBe('waiting_for_qr'));
    const status = t.connection.status();
    if (status.state !== 'waiting_for_qr') throw new Error('unreachable');
    expect(status.qr).toBe(qr);
    expect(status.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    // Typed as the admin settings page's own WhatsappStatus: the two stay compatible.
    const forAdmin: WhatsappStatus = summarizeStatus(status);
    expect(forAdmin).toEqual({ state: 'qr', qr, qrDataUrl: status.qrDataUrl });
    expect(t.printed.join('\n')).toContain('Perangkat tertaut');
    expect(t.printed.join('\n')).toMatch(/[█▀▄]/);

    t.clients[0]!.emitAuthenticated();
    expect(t.connection.status().state).toBe('starting');
    t.clients[0]!.emitReady();
    const ready = t.connection.status();
    expect(ready).toMatchObject({ state: 'ready', phone: '+6281100000000', pushname: 'Potret Studio' });
    expect(t.connection.isReady()).toBe(true);
    await t.connection.sendMessage('6281234567890@c.us', 'Halo');
    expect(t.clients[0]!.sent).toMatchObject([{ chatId: '6281234567890@c.us', text: 'Halo' }]);
    expect(t.statuses.map((s) => s.state)).toEqual(['starting', 'waiting_for_qr', 'starting', 'ready']);
  });

  it('reconnects after a disconnect with growing, capped backoff, and resets the backoff once ready', async () => {
    const t = setup({
      // Clients 1–3 are refused straight away (phone offline); client 4 comes back.
      prepare: (client, index) => {
        if (index >= 1 && index <= 3) client.failInitialize(new Error('net::ERR_NAME_NOT_RESOLVED'));
      },
    });
    connection = t.connection;
    t.connection.start();
    await vi.waitFor(() => expect(t.clients[0]?.initializeCalls).toBe(1));
    t.clients[0]!.emitReady();
    t.clients[0]!.emitDisconnected('CONFLICT');
    expect(t.connection.status()).toMatchObject({ state: 'disconnected', reason: 'CONFLICT' });
    expect(t.connection.isReady()).toBe(false);
    await expect(t.connection.sendMessage('6281234567890@c.us', 'Halo')).rejects.toSatisfy((e) =>
      isAppError(e, 'CHANNEL_UNAVAILABLE'),
    );
    await vi.waitFor(() => expect(t.clients[0]!.destroyed).toBe(true));
    await vi.waitFor(() => expect(t.clients).toHaveLength(5));
    await vi.waitFor(() => expect(t.clients[4]?.initializeCalls).toBe(1));
    const delays = t.statuses.filter((s) => s.state === 'disconnected').map(retryDelay);
    expect(delays).toEqual([20, 40, 80, 80]);
    expect(t.statuses.filter((s) => s.state === 'disconnected').at(-1)).toMatchObject({
      reason: 'net::ERR_NAME_NOT_RESOLVED',
    });

    t.clients[4]!.emitReady();
    expect(t.connection.status().state).toBe('ready');
    t.clients[4]!.emitDisconnected('LOGOUT');
    expect(retryDelay(t.connection.status())).toBe(20);
  });

  it('a phone out of reach (TIMEOUT) pauses sending until CONNECTED; a session opened elsewhere (CONFLICT) is rebuilt', async () => {
    const t = setup();
    connection = t.connection;
    t.connection.start();
    await vi.waitFor(() => expect(t.clients[0]?.initializeCalls).toBe(1));
    t.clients[0]!.emitReady();
    t.clients[0]!.emitChangeState('TIMEOUT');
    expect(t.connection.status()).toMatchObject({ state: 'disconnected', reason: 'TIMEOUT', retryAt: undefined });
    expect(t.connection.isReady()).toBe(false);
    t.clients[0]!.emitChangeState('CONNECTED');
    expect(t.connection.status()).toMatchObject({ state: 'ready', phone: '+6281100000000' });
    expect(t.clients).toHaveLength(1);

    t.clients[0]!.emitChangeState('CONFLICT');
    expect(t.connection.status()).toMatchObject({ state: 'disconnected', reason: 'CONFLICT' });
    await vi.waitFor(() => expect(t.clients[1]?.initializeCalls).toBe(1));
    expect(t.clients[0]!.destroyed).toBe(true);
  });

  it('a send that never answers fails after the call timeout instead of holding the sender forever', async () => {
    const t = setup({ callTimeoutMs: 50 });
    connection = t.connection;
    t.connection.start();
    await vi.waitFor(() => expect(t.clients[0]?.initializeCalls).toBe(1));
    t.clients[0]!.emitReady();
    t.clients[0]!.hangNextSend();
    await expect(t.connection.sendMessage('6281234567890@c.us', 'Halo')).rejects.toThrow('did not answer');
    await t.connection.sendMessage('6281234567890@c.us', 'Halo lagi');
    expect(t.clients[0]!.sent.map((m) => m.text)).toEqual(['Halo lagi']);
  });

  it('destroys and retries an initialize() that hangs (watchdog)', async () => {
    const t = setup({
      initializeTimeoutMs: 50,
      prepare: (client, index) => {
        if (index === 0) client.hangInitialize();
      },
    });
    connection = t.connection;
    t.connection.start();
    await vi.waitFor(() => expect(t.connection.status().state).toBe('disconnected'));
    expect(t.connection.status()).toMatchObject({ reason: expect.stringContaining('did not finish') });
    expect(t.clients[0]!.destroyed).toBe(true);
    await vi.waitFor(() => expect(t.clients[1]?.initializeCalls).toBe(1));
    t.clients[1]!.emitQr();
    await vi.waitFor(() => expect(t.connection.status().state).toBe('waiting_for_qr'));

    // The abandoned client waking up late changes nothing.
    t.clients[0]!.emit('ready');
    expect(t.connection.status().state).toBe('waiting_for_qr');
  });

  it('waiting for a QR scan is not a hang: the watchdog stays quiet while the code is shown', async () => {
    const t = setup({ initializeTimeoutMs: 40 });
    connection = t.connection;
    t.connection.start();
    await vi.waitFor(() => expect(t.clients[0]?.initializeCalls).toBe(1));
    t.clients[0]!.emitQr();
    await vi.waitFor(() => expect(t.connection.status().state).toBe('waiting_for_qr'));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(t.connection.status().state).toBe('waiting_for_qr');
    expect(t.clients).toHaveLength(1);
  });

  it('makes an auth failure visible, then starts over for a new QR', async () => {
    const t = setup();
    connection = t.connection;
    t.connection.start();
    await vi.waitFor(() => expect(t.clients[0]?.initializeCalls).toBe(1));
    t.clients[0]!.emitAuthFailure('Session restore failed');
    expect(t.connection.status()).toMatchObject({ state: 'auth_failure', message: 'Session restore failed' });
    expect(t.connection.status()).toHaveProperty('retryAt');
    // The admin page's four states: shown as a disconnect that says why.
    expect(summarizeStatus(t.connection.status())).toEqual({
      state: 'disconnected',
      reason: 'auth_failure: Session restore failed',
    });
    await vi.waitFor(() => expect(t.clients[1]?.initializeCalls).toBe(1));
    t.clients[1]!.emitQr();
    await vi.waitFor(() => expect(t.connection.status().state).toBe('waiting_for_qr'));
  });

  it('never throws out of start when the client cannot even be built, and stop ends all retries', async () => {
    let built = 0;
    const statuses: string[] = [];
    const broken = createWhatsAppConnection({
      createClient: () => {
        built += 1;
        throw new Error('Chromium not found at /nope');
      },
      log: createLogger({ level: 'silent' }),
      backoff: { initialMs: 10, maxMs: 10 },
    });
    broken.onStatus((s) => statuses.push(s.state));
    expect(() => broken.start()).not.toThrow();
    await vi.waitFor(() => expect(built).toBeGreaterThanOrEqual(2));
    expect(broken.status()).toMatchObject({ state: 'disconnected', reason: 'Chromium not found at /nope' });
    await broken.stop();
    const builtAtStop = built;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(built).toBe(builtAtStop);
    expect(broken.status().state).toBe('stopped');
  });
});
