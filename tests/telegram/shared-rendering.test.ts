import { Api } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileChannelRefs, files } from '../../db/schema/index.ts';
import { createTelegramRenderer } from '../../bots/telegram/render.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import { createTelegramSender } from '../../bots/telegram/sender.ts';
import { createTelegramEmulator, type TelegramEmulator } from '../fakes/telegram-api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { buttonsOf } from './harness.ts';

/** The bot's replies and the outbox's sender on one emulator and one database, as in production. */
let database: TestDatabase;
let tg: TelegramEmulator;
beforeAll(async () => {
  database = await createTestDatabase();
  tg = createTelegramEmulator();
  await tg.start();
});
afterAll(async () => {
  await tg?.stop();
  await database?.drop();
});
beforeEach(() => tg.clear());

const botReplies = () => createTelegramRenderer({ api: new Api(tg.token, { apiRoot: tg.apiRoot }), db: database.db });
const outboxSender = () => createTelegramSender({ db: database.db, token: tg.token, apiRoot: tg.apiRoot });

async function addPhoto(): Promise<number> {
  const [file] = await database.db
    .insert(files)
    .values({ sha256: 'x', mime: 'image/jpeg', size: 4, purpose: 'product', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) })
    .returning();
  return file!.id;
}

const photo = (fileId: number, caption: string): OutboundMessage => ({ type: 'photo', fileId, caption });
const savedRef = async (fileId: number) =>
  (await database.db.select().from(fileChannelRefs)).find((r) => r.fileId === fileId)?.ref;

describe('Telegram: the bot and the outbox draw messages alike', () => {
  it('a photo the bot uploaded is sent by the outbox by its file_id, and the other way round', async () => {
    const bot = botReplies();
    const sender = outboxSender();
    const card = await addPhoto();
    await bot.send(7001, [photo(card, 'Foto Keluarga Kecil')]);
    await sender.deliver({ externalId: '7002' }, photo(card, 'Promo keluarga'));
    const promo = await addPhoto();
    await sender.deliver({ externalId: '7002' }, photo(promo, 'Promo akhir tahun'));
    await bot.send(7001, [photo(promo, 'Promo akhir tahun')]);

    expect(tg.stats.uploads).toBe(2);
    expect(tg.sentTo(7002)[0]?.photoFileId).toBe(tg.sentTo(7001)[0]?.photoFileId);
    expect(tg.sentTo(7001)[1]?.photoFileId).toBe(tg.sentTo(7002)[1]?.photoFileId);
    expect(tg.sentTo(7001)[1]?.uploaded).toBe(false);
  });

  it('after the bot uploaded again a file_id Telegram refused, the outbox sends the new one without a third upload', async () => {
    const sender = outboxSender();
    const card = await addPhoto();
    await sender.deliver({ externalId: '7003' }, photo(card, 'Paket baru'));
    const first = tg.sentTo(7003)[0]!.photoFileId!;
    // Telegram forgets the file (in production: a file_id from another bot token).
    tg.files.delete(first);

    await botReplies().send(7004, [photo(card, 'Paket baru')]);
    const second = tg.sentTo(7004)[0]!.photoFileId!;
    expect(second).not.toBe(first);
    expect(await savedRef(card)).toBe(second);

    await sender.deliver({ externalId: '7005' }, photo(card, 'Paket baru'));
    expect(tg.sentTo(7005)[0]?.photoFileId).toBe(second);
    expect(tg.stats.uploads).toBe(2);
    expect(await savedRef(card)).toBe(second);
  });

  it('a bot reply over 4,096 characters arrives in parts at line breaks, the buttons under the last', async () => {
    const line = 'Paket Keluarga Besar: sesi 2 jam, 40 foto edit, cetak 10R berbingkai.';
    const text = Array.from({ length: 90 }, (_, i) => `${i + 1}. ${line}`).join('\n');
    expect(text.length).toBeGreaterThan(4096);
    await botReplies().send(7006, [{ type: 'text', text, choices: [[{ id: 'menu', label: 'Menu' }]] }]);

    const parts = tg.sentTo(7006);
    expect(parts.length).toBe(2);
    expect(parts.every((m) => (m.text ?? '').length <= 4096)).toBe(true);
    expect(parts.map((m) => m.text).join('\n')).toBe(text);
    expect(buttonsOf(parts[0])).toEqual([]);
    expect(buttonsOf(parts[1]).map((b) => b.text)).toEqual(['Menu']);
  });
});
