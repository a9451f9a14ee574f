import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, customers } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createOutbox } from '../../src/messaging/outbox.ts';
import { outboxRows } from '../helpers/outbox.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { registerOnTelegram, startWebhookHarness, type TelegramHarness, telegramUser } from './harness.ts';

let database: TestDatabase;
let h: TelegramHarness;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
  h = await startWebhookHarness(database.db, { outbox: (tx) => createOutbox({ db: tx }) });
});
afterAll(async () => {
  await h?.stop();
  await database?.drop();
});

describe('Telegram: a typed phone of a registered customer', () => {
  it('sends a code to their registered chat through the outbox; the code typed here links this chat', async () => {
    const first = telegramUser(h, 6201, { first_name: 'Rina' });
    await registerOnTelegram(first, 'Rina', '6281277006201');
    const [rina] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277006201'));

    const second = telegramUser(h, 6202, { first_name: 'Rina' });
    await second.say('/start');
    await second.say('Rina');
    await second.say('0812 7700 6201');
    expect(second.said).toContain(
      'Nomor ini sudah terdaftar. Kami kirim kode 6 angka ke chat Telegram Anda yang terdaftar. Ketik kodenya di sini.',
    );
    expect(second.labels).toEqual(expect.arrayContaining(['🔁 Kirim ulang kode', '📱 Pakai nomor lain']));

    const toFirst = await outboxRows(database.db, { channel: 'telegram', externalId: '6201' });
    expect(toFirst).toHaveLength(1);
    const first0 = toFirst[0]!.message;
    const code = /\b(\d{6})\b/.exec(first0.type === 'text' ? first0.text : '')?.[1];
    expect(code).toBeDefined();

    await second.say(code === '000000' ? '111111' : '000000');
    expect(second.said).toContain('Kodenya belum cocok. Sisa 4 kali percobaan.');
    await second.say(code!);
    expect(second.said).toContain('akun Anda langsung tersambung, Kak Rina');
    const chats = await database.db
      .select({ externalId: channelIdentities.externalId })
      .from(channelIdentities)
      .where(eq(channelIdentities.customerId, rina!.id));
    expect(chats.map((c) => c.externalId).sort()).toEqual(['6201', '6202']);
  });
});
