import { afterAll, describe, expect, it, vi } from 'vitest';
import { createWhatsAppConnection } from '../../bots/whatsapp/client.ts';
import { createStatusRedis, publishWhatsAppStatus, readWhatsAppStatus } from '../../bots/whatsapp/status-store.ts';
import { FakeWhatsAppClient } from '../fakes/whatsapp-client.ts';
import { uniqueQueuePrefix } from '../helpers/db.ts';
import { testServices } from '../helpers/services.ts';
import { silentLog } from './harness.ts';

/** `--role web` and `--role whatsapp` in two processes: the admin page reads the status through Redis. */

const writer = createStatusRedis(testServices.redisUrl);
const reader = createStatusRedis(testServices.redisUrl);
afterAll(async () => {
  await writer.quit();
  await reader.quit();
});

describe('WhatsApp status shared through Redis', () => {
  it('the web process sees the QR, then ready, and "not running" once the WhatsApp process stops', async () => {
    const prefix = uniqueQueuePrefix('wa-status');
    expect(await readWhatsAppStatus(reader, prefix)).toEqual({
      state: 'disconnected',
      reason: 'the WhatsApp process is not running',
    });

    const client = new FakeWhatsAppClient();
    const connection = createWhatsAppConnection({ createClient: () => client, log: silentLog, printQr: () => {} });
    const published = publishWhatsAppStatus(writer, prefix, connection, silentLog);
    connection.start();
    await vi.waitFor(() => expect(client.initializeCalls).toBe(1));
    const qr = client.emitQr();
    await vi.waitFor(async () => expect(await readWhatsAppStatus(reader, prefix)).toMatchObject({ state: 'qr', qr }));
    const shown = await readWhatsAppStatus(reader, prefix);
    expect(shown.state === 'qr' && shown.qrDataUrl).toMatch(/^data:image\/png;base64,/);

    client.emitReady();
    await vi.waitFor(async () =>
      expect(await readWhatsAppStatus(reader, prefix)).toEqual({ state: 'ready', phone: '+6281100000000' }),
    );

    await connection.stop();
    await published.stop();
    expect(await readWhatsAppStatus(reader, prefix)).toEqual({
      state: 'disconnected',
      reason: 'the WhatsApp process is not running',
    });
  });

  it('garbage under the key reads as an unknown status, not a crash', async () => {
    const prefix = uniqueQueuePrefix('wa-status');
    await writer.set(`${prefix}:whatsapp:status`, '{"state":"exploded"}', 'EX', 60);
    expect(await readWhatsAppStatus(reader, prefix)).toEqual({ state: 'disconnected', reason: 'unreadable status' });
    await writer.set(`${prefix}:whatsapp:status`, 'not json', 'EX', 60);
    expect(await readWhatsAppStatus(reader, prefix)).toEqual({ state: 'disconnected', reason: 'unreadable status' });
  });
});
