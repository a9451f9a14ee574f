import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, customers } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createCustomerByStaff } from '../../src/customers/index.ts';
import { createReadCache, READ_CACHE_TTL_MS, updateSettings } from '../../src/settings/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { chat, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

describe('start and register', () => {
  it('greets with the studio name, asks name, phone (contact button), optional email and address, then shows the menu', async () => {
    const rt = testRuntime(database.db);
    const c = chat(rt, '1001');
    await c.send({ type: 'command', name: 'start' }, { displayName: 'Rina' });
    expect(c.said).toContain('Potret Studio Tanjungpinang');
    expect(c.said).toContain('nama');
    expect(c.buttons.map((b) => b.label)).toContain('Pakai nama "Rina"');

    await c.text('Rina Marlina');
    expect(c.last.replies[0]).toMatchObject({ type: 'askContact' });

    await c.text('12345');
    expect(c.said).toContain('Nomor HP belum benar');
    expect(c.step).toBe('reg.phone');

    await c.send({ type: 'contact', phone: '6281277001001', own: true });
    expect(c.step).toBe('reg.email');
    await c.text('bukan email');
    expect(c.said).toContain('Format email belum benar');
    await c.text('Rina@Example.com');
    expect(c.step).toBe('reg.address');
    await c.text('Jl. Pramuka No. 5, Tanjungpinang');
    expect(c.step).toBe('menu');
    expect(c.said).toContain('Selamat bergabung, Kak Rina Marlina');
    for (const label of ['Paket & Harga', 'Reservasi', 'Reservasi Saya', 'Keluhan', 'Beri Rating', 'Poin Saya', 'FAQ', 'Ajak Teman', 'Berhenti terima promo']) {
      expect(c.buttons.some((b) => b.label.includes(label))).toBe(true);
    }

    const [row] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001001'));
    expect(row).toMatchObject({ name: 'Rina Marlina', email: 'rina@example.com', address: 'Jl. Pramuka No. 5, Tanjungpinang' });
    const identities = await database.db.select().from(channelIdentities).where(eq(channelIdentities.customerId, row!.id));
    expect(identities.map((i) => [i.channel, i.externalId])).toEqual([['telegram', '1001']]);
  });

  it('typed phone numbers are accepted in any common format; someone else’s contact is refused', async () => {
    const c = chat(testRuntime(database.db), '1002', 'web');
    await c.command('start');
    await c.text('Budi');
    await c.send({ type: 'contact', phone: '+6281277001999', own: false });
    expect(c.said).toContain('kontak orang lain');
    await c.text('0812-7700-1002');
    expect(c.step).toBe('reg.email');
    await c.tap('Lewati');
    await c.tap('Lewati');
    const [row] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001002'));
    expect(row?.name).toBe('Budi');
  });

  it('a customer staff entered at the counter is linked by phone, not duplicated', async () => {
    const known = await createCustomerByStaff(database.db, { name: 'Ibu Sari', phone: '081277001003' });
    const c = chat(testRuntime(database.db), '1003');
    await registerViaChat(c, 'Sari', '+6281277001003');
    expect(c.said).toContain('sudah terdaftar');
    const rows = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001003'));
    expect(rows).toHaveLength(1);
    expect(c.last.session.customerId).toBe(known.id);
  });

  it('/start ref_CODE credits the new friend and records the referrer', async () => {
    const a = chat(testRuntime(database.db), '1004');
    await registerViaChat(a, 'Andi', '+6281277001004');
    const [andi] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001004'));
    const b = chat(testRuntime(database.db), '1005');
    await registerViaChat(b, 'Bela', '+6281277001005', andi!.referralCode);
    expect(b.said).toContain('Kode ajak teman berhasil dipakai');
    const [bela] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001005'));
    expect(bela?.referredById).toBe(andi!.id);
    expect(bela?.pointsBalance).toBe(50);
  });

  it('Ajak Teman without a start link: the friend sends ref_CODE after the greeting (web chat) and is credited', async () => {
    const a = chat(testRuntime(database.db), '1009', 'web');
    await registerViaChat(a, 'Citra', '+6281277001009');
    await a.tap('Ajak Teman');
    const [citra] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001009'));
    expect(a.said).toContain(`Minta teman Anda mengirim pesan ref_${citra!.referralCode} ke chat kami`);

    const b = chat(testRuntime(database.db), '1010', 'web');
    await b.command('start');
    await b.text(`ref_${citra!.referralCode}`);
    expect(b.step).toBe('reg.name');
    await b.text('Dimas');
    await b.text('081277001010');
    await b.tap('Lewati');
    await b.tap('Lewati');
    expect(b.said).toContain('Kode ajak teman berhasil dipakai');
    const [dimas] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001010'));
    expect(dimas).toMatchObject({ name: 'Dimas', referredById: citra!.id });
  });

  it('with the chat face’s read cache, the greeting shows a renamed studio within 30 s', async () => {
    let ms = 0;
    const runtime = testRuntime(database.db, { cache: createReadCache({ now: () => ms }) });
    const first = chat(runtime, '1011');
    await first.command('start');
    expect(first.said).toContain('selamat datang di Potret Studio Tanjungpinang');
    await updateSettings(database.db, { studioName: 'Potret Studio Batam' });
    try {
      const second = chat(runtime, '1012');
      await second.command('start');
      expect(second.said).toContain('selamat datang di Potret Studio Tanjungpinang');
      ms += READ_CACHE_TTL_MS;
      const third = chat(runtime, '1013');
      await third.command('start');
      expect(third.said).toContain('selamat datang di Potret Studio Batam');
    } finally {
      await updateSettings(database.db, { studioName: 'Potret Studio Tanjungpinang' });
    }
  });

  it('cancel during registration leaves nothing behind; any later message starts again', async () => {
    const c = chat(testRuntime(database.db), '1006');
    await c.command('start');
    await c.text('Coba');
    await c.text('/batal');
    expect(c.said).toContain('Pendaftaran dibatalkan');
    await c.text('halo');
    expect(c.step).toBe('reg.name');
    const rows = await database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, '1006'));
    expect(rows).toHaveLength(0);
  });

  it('STOP before registering is remembered: the new customer starts opted out', async () => {
    const c = chat(testRuntime(database.db), '1008');
    await c.command('start');
    await c.text('STOP');
    expect(c.said).toContain('kami tidak akan mengirim promo lagi');
    expect(c.step).toBe('reg.name');
    await c.text('Sepi');
    await c.text('081277001008');
    await c.tap('Lewati');
    await c.tap('Lewati');
    const [row] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001008'));
    expect(row?.promoOptIn).toBe(false);
    expect(c.buttons.some((b) => b.label.includes('Terima info promo'))).toBe(true);
  });

  it('English follows the chat’s locale', async () => {
    const c = chat(testRuntime(database.db, { defaultLocale: 'en' }), '1007');
    await c.command('start');
    expect(c.said).toContain('welcome to Potret Studio Tanjungpinang');
    await c.text('John');
    await c.text('081277001007');
    await c.tap('Skip');
    await c.tap('Skip');
    expect(c.said).toContain('Welcome, John');
    expect(c.buttons.some((b) => b.label.includes('Packages & Prices'))).toBe(true);
    await c.tap('Bahasa Indonesia');
    expect(c.said).toContain('Bahasa diganti');
    expect(c.buttons.some((b) => b.label.includes('Paket & Harga'))).toBe(true);
    const [row] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277001007'));
    expect(row?.locale).toBe('id');
  });
});
