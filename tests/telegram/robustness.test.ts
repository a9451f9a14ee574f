import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, files, processedUpdates, reservations } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { pngBytes } from '../conversation/driver.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  buttonsOf,
  registerOnTelegram,
  startPollingHarness,
  startWebhookHarness,
  type TelegramHarness,
  telegramUser,
  WEBHOOK_SECRET,
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

const fileCount = async () => (await database.db.select({ n: count() }).from(files))[0]!.n;

function textUpdate(updateId: number, chatId: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Uji' },
      from: { id: chatId, is_bot: false, first_name: 'Uji', language_code: 'id' },
      text,
    },
  };
}

const post = (url: string, body: unknown, secret?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
    },
    body: JSON.stringify(body),
  });

describe('Telegram webhook security and delivery', () => {
  it('answers 401 without the right X-Telegram-Bot-Api-Secret-Token and handles nothing', async () => {
    const missing = await post(h.webhookUrl, textUpdate(900_001, 6001, '/start'));
    expect(missing.status).toBe(401);
    const wrong = await post(h.webhookUrl, textUpdate(900_002, 6001, '/start'), 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(h.tg.sentTo(6001)).toHaveLength(0);
    const right = await post(h.webhookUrl, textUpdate(900_003, 6001, '/start'), WEBHOOK_SECRET);
    expect(right.status).toBe(200);
    expect(h.tg.sentTo(6001).length).toBeGreaterThan(0);
  });

  it('group chats are not customers’ chats: ignored', async () => {
    const update = textUpdate(900_020, 6030, '/start');
    (update.message.chat as { type: string }).type = 'group';
    update.message.chat.id = -100_6030;
    const response = await post(h.webhookUrl, update, WEBHOOK_SECRET);
    expect(response.status).toBe(200);
    expect(h.tg.sentTo(-100_6030)).toHaveLength(0);
  });

  it('a redelivered update_id is handled once', async () => {
    const update = textUpdate(900_010, 6002, '/start');
    await post(h.webhookUrl, update, WEBHOOK_SECRET);
    const afterFirst = h.tg.sentTo(6002).length;
    expect(afterFirst).toBe(1);
    expect(h.tg.sentTo(6002)[0]?.text).toContain('boleh tahu nama');
    const again = await post(h.webhookUrl, update, WEBHOOK_SECRET);
    expect(again.status).toBe(200);
    expect(h.tg.sentTo(6002)).toHaveLength(afterFirst);
    const rows = await database.db
      .select()
      .from(processedUpdates)
      .where(eq(processedUpdates.updateId, `${h.tg.botInfo.id}:900010`));
    expect(rows).toHaveLength(1);
  });

  it('two quick taps on "Konfirmasi" are handled one after the other: one booking', async () => {
    const u = telegramUser(h, 6003);
    await registerOnTelegram(u, 'Kilat', '+6281277006003');
    await u.tap('Reservasi');
    await u.tap('Foto Studio Personal');
    await u.tap('Kam, 3 Des');
    await u.tap('15.00');
    await u.tap('Tidak, lanjut');
    const data = u.buttonData('Konfirmasi');
    const messageId = u.last.at(-1)!.messageId;
    const before = h.tg.stats.webhookDeliveries;
    h.tg.pushCallback(6003, data, messageId);
    h.tg.pushCallback(6003, data, messageId);
    await h.tg.waitFor(() => h.tg.stats.webhookDeliveries >= before + 2, 10_000);
    const [customer] = await database.db
      .select()
      .from(customers)
      .where(eq(customers.phone, '+6281277006003'));
    const booked = await database.db
      .select()
      .from(reservations)
      .where(eq(reservations.customerId, customer!.id));
    expect(booked).toHaveLength(1);
    const texts = h.tg.sentTo(6003).map((m) => m.text ?? '');
    expect(texts.filter((t) => t.includes('sudah kami catat'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Tombol itu sudah tidak berlaku'))).toHaveLength(1);
  });

  it('a turn answers in as few messages as it can: a plain text is folded into the prompt after it', async () => {
    const u = telegramUser(h, 6005);
    await u.say('/start');
    expect(u.last).toHaveLength(1);
    expect(u.last[0]?.text).toMatch(/^Halo, selamat datang[\s\S]*\n\nSebelum mulai, boleh tahu nama Anda\?$/);
    expect(buttonsOf(u.last[0]).map((b) => b.text)).toEqual(['Pakai nama "Pelanggan"', '✖️ Batal']);
  });

  it('a 429 from Telegram is waited out and the reply still arrives', async () => {
    let limited = false;
    h.tg.setBehaviour((method) => {
      if (method.toLowerCase() === 'sendmessage' && !limited) {
        limited = true;
        return { status: 429, retryAfter: 1 };
      }
      return undefined;
    });
    try {
      const u = telegramUser(h, 6004);
      await u.say('/start');
      expect(limited).toBe(true);
      expect(u.said).toContain('selamat datang');
    } finally {
      h.tg.setBehaviour(undefined);
    }
  });
});

describe('Telegram: unexpected input at any step', () => {
  it('sticker, voice, video, a PDF, random text and an old button get a short reply and the current step', async () => {
    const u = telegramUser(h, 6010);
    await registerOnTelegram(u, 'Acak', '+6281277006010');
    await u.tap('Reservasi');
    await u.tap('Foto Studio Personal');
    await u.tap('Jum, 4 Des');
    const oldSlot = u.buttonData('13.00');
    const slotMessage = u.last.at(-1)!.messageId;
    await u.tap('14.00');
    const checks: Array<[() => Promise<unknown>, string]> = [
      [
        () =>
          u.raw({
            sticker: {
              file_id: 's1',
              file_unique_id: 's1',
              type: 'regular',
              width: 512,
              height: 512,
              is_animated: false,
              is_video: false,
            },
          }),
        'belum bisa membaca stiker',
      ],
      [() => u.raw({ voice: { file_id: 'v1', file_unique_id: 'v1', duration: 3 } }), 'pesan suara'],
      [
        () => u.raw({ video: { file_id: 'vd1', file_unique_id: 'vd1', width: 1, height: 1, duration: 1 } }),
        'video',
      ],
      [
        () =>
          u.raw({
            document: {
              file_id: 'd1',
              file_unique_id: 'd1',
              file_name: 'invoice.pdf',
              mime_type: 'application/pdf',
              file_size: 1000,
            },
          }),
        'file itu tidak bisa saya proses',
      ],
      [() => u.say('asdfgh'), 'Silakan pilih salah satu di bawah'],
      [() => u.callback(oldSlot, slotMessage), 'Tombol itu sudah tidak berlaku'],
    ];
    for (const [act, expected] of checks) {
      await act();
      expect(u.said).toContain(expected);
      expect(u.said).toContain('Mau tambah sekalian?');
      expect(u.labels).toContain('✖️ Batal');
    }
  });

  it('at the proof step an oversized photo is refused before any download; a fake image is refused; nothing stored', async () => {
    const u = telegramUser(h, 6011);
    await registerOnTelegram(u, 'Besar', '+6281277006011');
    await u.tap('Reservasi');
    await u.tap('Foto Studio Personal');
    await u.tap('Jum, 4 Des');
    await u.tap('09.00');
    await u.tap('Tidak, lanjut');
    await u.tap('Konfirmasi');
    const filesBefore = await fileCount();
    const getFilesBefore = h.tg.calls.filter((c) => c.method === 'getFile').length;
    await u.raw({
      photo: [
        { file_id: 'huge', file_unique_id: 'huge', width: 9000, height: 9000, file_size: 15 * 1024 * 1024 },
      ],
    });
    expect(u.said).toContain('terlalu besar (maksimal 10 MB)');
    await u.raw({
      document: {
        file_id: 'huge-doc',
        file_unique_id: 'hd',
        file_name: 'scan.png',
        mime_type: 'image/png',
        file_size: 12 * 1024 * 1024,
      },
    });
    expect(u.said).toContain('terlalu besar (maksimal 10 MB)');
    expect(h.tg.calls.filter((c) => c.method === 'getFile').length).toBe(getFilesBefore);

    h.tg.addFile('fake-jpg', new TextEncoder().encode('this is not a jpeg'), 'photos/fake.jpg');
    await u.photo('fake-jpg');
    expect(u.said).toContain('harus berupa foto');
    expect(u.said).toContain('Kirim foto bukti transfer');
    expect(await fileCount()).toBe(filesBefore);

    h.tg.addFile('real-proof', await pngBytes(), 'photos/real.png');
    await u.photo('real-proof');
    expect(u.said).toContain('menunggu konfirmasi');
    await u.photo('real-proof');
    expect(u.said).toContain('belum diperlukan di sini');
    expect(await fileCount()).toBe(filesBefore + 1);
  });
});

describe('Telegram long polling', () => {
  it('runs through @grammyjs/runner and answers', async () => {
    // Another bot: its update ids start at 1 again, which must not read as repeats of the first bot's.
    const { tg, telegram, stop } = await startPollingHarness(database.db, {
      botInfo: { id: 424242, username: 'potret_polling_bot' },
    });
    try {
      await telegram.startPolling();
      tg.pushText(6020, '/start');
      const reply = await tg.waitFor(() => tg.sentTo(6020).find((m) => m.text?.includes('boleh tahu nama')));
      expect(reply.replyMarkup).toBeDefined();
      tg.pushText(6020, 'Polly');
      await tg.waitFor(() => tg.sentTo(6020).find((m) => m.replyMarkup && 'keyboard' in m.replyMarkup));
    } finally {
      await stop();
    }
  });
});
