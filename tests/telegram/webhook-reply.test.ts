import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoStudio } from '../../db/seed.ts';
import { createTelegramEmulator, type JsonObject, type TelegramEmulator } from '../fakes/telegram-api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  buttonsOf,
  registerOnTelegram,
  startPollingHarness,
  startWebhookHarness,
  type TelegramHarness,
  telegramUser,
} from './harness.ts';

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

const queryIdOf = (update: JsonObject) => (update.callback_query as { id: string }).id;

describe('Telegram webhook: a button tap is answered in the webhook’s answer', () => {
  it('answerCallbackQuery rides on the webhook answer, no request of its own, and the reply still comes', async () => {
    const u = telegramUser(h, 6201, { first_name: 'Sari' });
    await registerOnTelegram(u, 'Sari', '+6281277006201');
    const data = u.buttonData('Reservasi');
    const menu = u.last.at(-1)!;

    const callsBefore = h.tg.calls.length;
    const sentBefore = h.tg.sentTo(6201).length;
    const deliveries = h.tg.stats.webhookDeliveries;
    const update = h.tg.pushCallback(6201, data, menu.messageId, { first_name: 'Sari' });
    await h.tg.waitFor(() => h.tg.stats.webhookDeliveries > deliveries, 10_000);

    const answers = h.tg.calls.slice(callsBefore).filter((c) => c.method === 'answerCallbackQuery');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({
      viaWebhookReply: true,
      status: 200,
      params: { callback_query_id: queryIdOf(update) },
    });
    const replies = h.tg.sentTo(6201).slice(sentBefore);
    expect(replies.length).toBeGreaterThan(0);
    const labels = replies.flatMap((m) => buttonsOf(m).map((b) => String(b.text)));
    expect(labels.some((label) => label.includes('Foto Studio Personal'))).toBe(true);
  });

  it('a typed message’s webhook answer carries no method call', async () => {
    const u = telegramUser(h, 6202);
    const callsBefore = h.tg.calls.length;
    const replies = await u.say('/start');
    expect(replies.length).toBeGreaterThan(0);
    expect(h.tg.calls.slice(callsBefore).filter((c) => c.viaWebhookReply)).toHaveLength(0);
  });
});

describe('Telegram long polling: a button tap is answered by a request of its own', () => {
  it('answerCallbackQuery is its own Bot API call, and the reply comes', async () => {
    // Another bot: update ids start at 1 again, and the webhook bot's are already taken in this database.
    const { tg, telegram, stop } = await startPollingHarness(database.db, {
      token: '987654321:POLL_token_abcdefghijklmnopqrstuvwxyz',
    });
    try {
      await telegram.startPolling();
      tg.pushText(6203, '/start');
      await tg.waitFor(() => tg.sentTo(6203).at(-1));
      const sentBefore = tg.sentTo(6203).length;
      const update = tg.pushCallback(6203, 'm:bk');
      const answer = await tg.waitFor(() => tg.calls.find((c) => c.method === 'answerCallbackQuery'));
      expect(answer).toMatchObject({ viaWebhookReply: false, params: { callback_query_id: queryIdOf(update) } });
      await tg.waitFor(() => tg.sentTo(6203).length > sentBefore);
    } finally {
      await stop();
    }
  });
});

describe('Telegram emulator: webhook answers', () => {
  let tg: TelegramEmulator;
  let webhook: Server;
  let answer: { contentType: string; body: string; status?: number } = { contentType: 'text/plain', body: '' };
  beforeAll(async () => {
    tg = createTelegramEmulator();
    await tg.start();
    webhook = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const port = (webhook.address() as AddressInfo).port;
    await fetch(`${tg.apiRoot}/bot${tg.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/` }),
    });
  });
  afterAll(async () => {
    await tg?.stop();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  const deliver = async (chatId: number) => {
    const before = tg.stats.webhookDeliveries;
    tg.pushText(chatId, 'halo');
    await tg.waitFor(() => tg.stats.webhookDeliveries > before);
  };

  it('runs the method a JSON or urlencoded answer carries, flagged as a webhook reply', async () => {
    answer = {
      contentType: 'application/json',
      body: JSON.stringify({ method: 'sendMessage', chat_id: 6301, text: 'Halo dari jawaban webhook' }),
    };
    await deliver(6301);
    expect(tg.sentTo(6301).map((m) => m.text)).toEqual(['Halo dari jawaban webhook']);
    expect(tg.calls.at(-1)).toMatchObject({ method: 'sendMessage', viaWebhookReply: true, status: 200 });

    answer = {
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ method: 'sendMessage', chat_id: '6302', text: 'Lewat formulir' }).toString(),
    };
    await deliver(6302);
    expect(tg.sentTo(6302).map((m) => m.text)).toEqual(['Lewat formulir']);
  });

  it('ignores an answer that is not a method call: empty, a JSON string, a non-2xx status', async () => {
    const callsBefore = tg.calls.length;
    answer = { contentType: 'text/plain', body: '' };
    await deliver(6303);
    // What grammY's own Hono adapter sends: the method call encoded twice, a JSON string.
    answer = {
      contentType: 'application/json',
      body: JSON.stringify(JSON.stringify({ method: 'sendMessage', chat_id: 6303, text: 'dua kali' })),
    };
    await deliver(6303);
    answer = {
      contentType: 'application/json',
      body: JSON.stringify({ method: 'sendMessage', chat_id: 6303, text: 'gagal' }),
      status: 500,
    };
    await deliver(6303);
    expect(tg.sentTo(6303)).toHaveLength(0);
    expect(tg.calls.slice(callsBefore)).toHaveLength(0);
  });
  it('keeps at most max_connections deliveries in flight, as Telegram does, and delivers the rest after', async () => {
    const held: (() => void)[] = [];
    let inFlight = 0;
    let most = 0;
    const slow = createServer((req, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      req.resume();
      held.push(() => {
        inFlight -= 1;
        res.end();
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const own = createTelegramEmulator();
    await own.start();
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
      await fetch(`${own.apiRoot}/bot${own.token}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url, max_connections: 3 }),
      });
      for (let chat = 0; chat < 8; chat += 1) own.pushText(6400 + chat, 'halo');
      await own.waitFor(() => held.length === 3);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(held).toHaveLength(3);
      while (own.stats.webhookDeliveries < 8) {
        for (const answer of held.splice(0)) answer();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(most).toBe(3);
    } finally {
      for (const answer of held.splice(0)) answer();
      await own.stop();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
