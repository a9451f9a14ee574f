import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSessions, channelIdentities, customers } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createCustomerByStaff } from '../../src/customers/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { registerOnTelegram, startWebhookHarness, type TelegramHarness, telegramUser } from './harness.ts';

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

describe('Telegram: a typed phone number is not proof', () => {
  it('typing a registered customer’s number does not link the chat to them; sharing one’s own contact registers', async () => {
    const rina = telegramUser(h, 6101, { first_name: 'Rina' });
    await registerOnTelegram(rina, 'Rina', '6281277006101');
    const [owner] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277006101'));

    const intruder = telegramUser(h, 6102, { first_name: 'Tamu' });
    await intruder.say('/start');
    await intruder.say('Tamu');
    await intruder.say('0812 7700 6101');
    expect(intruder.said).toContain('Nomor ini sudah terdaftar');
    expect(intruder.said).not.toContain('sudah tersambung');
    const [session] = await database.db
      .select()
      .from(chatSessions)
      .where(eq(chatSessions.thread, 'telegram:6102'));
    expect(session?.customerId).toBeNull();
    expect(session?.step).toMatch(/^reg\.(phone|code)$/);
    const rinasChats = await database.db
      .select({ externalId: channelIdentities.externalId })
      .from(channelIdentities)
      .where(eq(channelIdentities.customerId, owner!.id));
    expect(rinasChats.map((c) => c.externalId)).toEqual(['6101']);

    // Their own contact (user_id = sender) is proof: they register as themselves.
    await intruder.say('/start');
    await intruder.say('Tamu');
    await intruder.contact('6281277006102');
    await intruder.tap('Lewati');
    await intruder.tap('Lewati');
    expect(intruder.said).toContain('Selamat bergabung, Kak Tamu');
    const [tamu] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277006102'));
    const [linked] = await database.db
      .select({ customerId: channelIdentities.customerId })
      .from(channelIdentities)
      .where(eq(channelIdentities.externalId, '6102'));
    expect(linked?.customerId).toBe(tamu!.id);
  });

  it('waiting for staff shows the contact button; sharing one’s own contact there links and takes the keyboard away', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Ibu Rahma', phone: '081277006111' });
    const u = telegramUser(h, 6111, { first_name: 'Rahma' });
    await u.say('/start');
    await u.say('Rahma');
    await u.say('0812 7700 6111');
    expect(u.said).toContain('Kode sambung Anda');
    expect(u.last.at(-1)?.replyMarkup).toMatchObject({
      keyboard: [[{ request_contact: true }], [{ text: '✖️ Batal' }]],
    });

    await u.contact('6281277006111');
    expect(u.last[0]?.text).toContain('Nomor tersimpan: +62 812-7700-6111');
    expect(u.last[0]?.replyMarkup).toEqual({ remove_keyboard: true });
    await u.tap('Lewati');
    await u.tap('Lewati');
    const [linked] = await database.db
      .select({ customerId: channelIdentities.customerId })
      .from(channelIdentities)
      .where(eq(channelIdentities.externalId, '6111'));
    expect(linked?.customerId).toBe(walkIn.id);
  });

  it('a contact card from the phone book (no Telegram user behind it) is not proof: a walk-in’s number stays unlinked', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Pak Joko', phone: '081277006121' });
    const u = telegramUser(h, 6121, { first_name: 'Orang Lain' });
    await u.say('/start');
    await u.say('Orang Lain');
    // Shared through "attach → contact": a number not on Telegram comes without user_id.
    await u.raw({ contact: { phone_number: '6281277006121', first_name: 'Joko' } });
    expect(u.said).toContain('kontak orang lain');
    const linked = await database.db
      .select({ externalId: channelIdentities.externalId })
      .from(channelIdentities)
      .where(eq(channelIdentities.customerId, walkIn.id));
    expect(linked).toEqual([]);
    const [session] = await database.db.select().from(chatSessions).where(eq(chatSessions.thread, 'telegram:6121'));
    expect(session?.customerId).toBeNull();
    expect(session?.step).toBe('reg.phone');
  });
});
