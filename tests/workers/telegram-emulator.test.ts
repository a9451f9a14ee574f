import { Api, Bot, type GrammyError, HttpError, InputFile } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramEmulator } from '../fakes/telegram-api.ts';

const tg = createTelegramEmulator();
let api: Api;

beforeAll(async () => {
  await tg.start();
  api = new Api(tg.token, { apiRoot: tg.apiRoot });
});
afterAll(() => tg.stop());
beforeEach(() => {
  tg.clear();
  tg.setBehaviour(undefined);
  tg.enforceRateLimit(undefined);
});

describe('telegram emulator', () => {
  it('answers getMe and records messages per chat with their keyboards', async () => {
    expect((await api.getMe()).username).toBe('potret_test_bot');
    const message = await api.sendMessage(42, 'Halo', {
      reply_markup: { inline_keyboard: [[{ text: 'Menu', callback_data: 'menu' }]] },
    });
    expect(message.chat.id).toBe(42);
    expect(tg.sentTo(42)).toHaveLength(1);
    expect(tg.sentTo(42)[0]!.text).toBe('Halo');
    expect(tg.sentTo(42)[0]!.replyMarkup).toEqual({
      inline_keyboard: [[{ text: 'Menu', callback_data: 'menu' }]],
    });
    await api.editMessageText(42, message.message_id, 'Halo lagi');
    expect(tg.sentTo(42)[0]!.text).toBe('Halo lagi');
    await expect(api.editMessageText(42, message.message_id, 'Halo lagi')).rejects.toThrow(/not modified/);
  });

  it('takes a multipart photo upload, returns a file_id that works afterwards, and serves the bytes', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3, 4]);
    const first = await api.sendPhoto(7, new InputFile(bytes, 'studio.jpg'), { caption: 'Paket A' });
    const fileId = first.photo.at(-1)!.file_id;
    expect(tg.stats.uploads).toBe(1);
    await api.sendPhoto(8, fileId, { caption: 'Paket A' });
    expect(tg.sentTo(8)[0]!.photoFileId).toBe(fileId);
    expect(tg.stats.uploads).toBe(1);
    const file = await api.getFile(fileId);
    const download = await fetch(`${tg.apiRoot}/file/bot${tg.token}/${file.file_path}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    await expect(api.sendPhoto(8, 'no-such-file', { caption: 'x' })).rejects.toThrow(/wrong file identifier/);
  });

  it('parses standard multipart and urlencoded bodies too', async () => {
    const form = new FormData();
    form.set('chat_id', '11');
    form.set('caption', 'dari form');
    form.set('photo', new Blob([new Uint8Array([1, 2, 3])]), 'a.jpg');
    const viaForm = await fetch(`${tg.apiRoot}/bot${tg.token}/sendPhoto`, { method: 'POST', body: form });
    expect((await viaForm.json()).ok).toBe(true);
    const viaUrl = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '11', text: 'dari url', reply_markup: '{"inline_keyboard":[]}' }),
    });
    expect((await viaUrl.json()).ok).toBe(true);
    expect(tg.sentTo(11).map((m) => m.caption ?? m.text)).toEqual(['dari form', 'dari url']);
    expect(tg.sentTo(11)[0]!.uploaded).toBe(true);
    expect(tg.sentTo(11)[1]!.replyMarkup).toEqual({ inline_keyboard: [] });
  });

  it('fails on demand with 429 retry_after, 500 and 403', async () => {
    const outcomes = [{ status: 429, retryAfter: 3 }, { status: 500 }, { status: 403 }] as const;
    let index = 0;
    tg.setBehaviour((method) => (method === 'sendMessage' ? outcomes[index++] : 'ok'));
    const errors: GrammyError[] = [];
    for (let i = 0; i < 3; i += 1) {
      try {
        await api.sendMessage(1, 'x');
      } catch (error) {
        errors.push(error as GrammyError);
      }
    }
    expect(errors.map((e) => e.error_code)).toEqual([429, 500, 403]);
    expect(errors[0]!.parameters.retry_after).toBe(3);
    expect(errors[2]!.description).toMatch(/blocked/);
    expect(tg.sentTo(1)).toHaveLength(0);
  });

  it('a hang-up is a network error', async () => {
    tg.setBehaviour(() => ({ status: 'hangup' }));
    await expect(api.sendMessage(1, 'x')).rejects.toBeInstanceOf(HttpError);
  });

  it('enforces a global sliding-second limit with 429 and retry_after', async () => {
    tg.enforceRateLimit(5);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => api.sendMessage(100 + i, 'promo')),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(3);
    expect((rejected[0] as PromiseRejectedResult).reason.parameters.retry_after).toBeGreaterThanOrEqual(1);
    expect(tg.stats.rateLimited).toBe(3);
  });

  it('rejects a wrong token with 401 and unknown methods with 404', async () => {
    const wrong = new Api('1:wrongwrongwrongwrongwrongwrong', { apiRoot: tg.apiRoot });
    await expect(wrong.getMe()).rejects.toMatchObject({ error_code: 401 });
    await expect(api.raw.sendDice({ chat_id: 1 })).rejects.toMatchObject({ error_code: 404 });
  });

  it('serves long polling to a grammY bot, honouring offsets', async () => {
    const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot }, botInfo: tg.botInfo });
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    bot.on('callback_query:data', async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.reply(`pilih: ${ctx.callbackQuery.data}`);
    });
    const polling = bot.start({ timeout: 1 });
    try {
      tg.pushText(55, 'halo');
      await tg.waitFor(() => tg.sentTo(55).length === 1);
      tg.pushCallback(55, 'menu');
      await tg.waitFor(() => tg.sentTo(55).length === 2);
      expect(tg.sentTo(55).map((m) => m.text)).toEqual(['echo: halo', 'pilih: menu']);
    } finally {
      await bot.stop();
      await polling;
    }
    // Confirmed updates are not handed out again.
    const again = await api.getUpdates({ timeout: 0 });
    expect(again).toEqual([]);
  });

  it('posts pushed updates to a webhook with the secret header', async () => {
    const { createServer } = await import('node:http');
    const seen: { secret: string | undefined; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      await api.setWebhook(`http://127.0.0.1:${port}/telegram`, { secret_token: 's3cret' });
      await expect(api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
      const update = tg.pushText(9, 'hai');
      await tg.waitFor(() => seen.length === 1);
      expect(seen[0]!.secret).toBe('s3cret');
      expect(JSON.parse(seen[0]!.body).update_id).toBe(update.update_id);
    } finally {
      await api.deleteWebhook();
      server.close();
    }
  });
});
