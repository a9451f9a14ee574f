import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPDATE_BYTES } from '../../bots/telegram/webhook.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startWebhookHarness, type TelegramHarness, WEBHOOK_SECRET } from './harness.ts';

let database: TestDatabase;
let h: TelegramHarness;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
  h = await startWebhookHarness(database.db);
});
afterAll(async () => {
  await h?.stop();
  await database?.drop();
});

const THIRTY_MB = 30 * 1024 * 1024;
// What the client gets written before the 413 arrives is what the sockets' buffers take (about 4 MB
// here), not what the server keeps; without the limit all 30 MB go in and the answer is 200.
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/**
 * POSTs to the webhook with the right secret, writing the body 64 kB at a time (respecting the socket's
 * backpressure) until the server answers or `total` bytes are out. Returns the status and the bytes the
 * client managed to write before the answer came.
 */
function postStreaming(
  total: number,
  options: { declareLength: boolean },
): Promise<{ status: number; written: number }> {
  const url = new URL(h.webhookUrl);
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': WEBHOOK_SECRET,
          ...(options.declareLength
            ? { 'content-length': String(total) }
            : { 'transfer-encoding': 'chunked' }),
        },
      },
      (response) => {
        answered = true;
        response.resume();
        resolve({ status: response.statusCode ?? 0, written });
        req.destroy();
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && written < total) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    req.write('{"update_id":1,');
    pump();
  });
}

describe('Telegram webhook body limit', () => {
  it(`answers 413 to a declared 30 MB update with the right secret, before the body is sent`, async () => {
    const { status, written } = await postStreaming(THIRTY_MB, { declareLength: true });
    expect(status).toBe(413);
    expect(written).toBeLessThan(THIRTY_MB / 3);
  });

  it('answers 413 to a chunked update once it passes 1 MB, without reading the rest', async () => {
    const { status, written } = await postStreaming(THIRTY_MB, { declareLength: false });
    expect(status).toBe(413);
    expect(written).toBeLessThan(THIRTY_MB / 3);
  });

  it('takes an update just under 1 MB', async () => {
    // A channel post, which the bot does not handle, padded with JSON whitespace up to the limit.
    const update = JSON.stringify({
      update_id: 9_000_001,
      channel_post: { message_id: 1, date: 0, chat: { id: -1, type: 'channel' } },
    });
    const body = update.replace(/}$/, `${' '.repeat(MAX_UPDATE_BYTES - update.length)}}`);
    expect(Buffer.byteLength(body)).toBe(MAX_UPDATE_BYTES);
    const response = await fetch(h.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body,
    });
    expect(response.status).toBe(200);
    const over = await fetch(h.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: `${body} `,
    });
    expect(over.status).toBe(413);
  });
});
