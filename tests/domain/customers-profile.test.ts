import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  broadcastRecipients,
  broadcasts,
  channelIdentities,
  chatSessions,
  customers,
  phoneVerifications,
  pointsLedger,
  reservations,
  webMessages,
} from '../../db/schema/index.ts';
import { ensureStudioSettings } from '../../db/defaults.ts';
import {
  anonymizeCustomer,
  createCustomerByStaff,
  findCustomerByIdentity,
  getCustomer,
  linkIdentity,
  getCustomerByCode,
  registerCustomer,
  searchCustomers,
  setMembership,
  setPromoOptIn,
  startPhoneVerification,
  updateCustomer,
} from '../../src/customers/index.ts';
import { recordPoints } from '../../src/loyalty/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await ensureStudioSettings(database.db);
});
afterAll(async () => {
  await database?.drop();
});

describe('staff-entered customers and profile edits', () => {
  it('creates, reads by id and by code, and edits', async () => {
    const created = await createCustomerByStaff(database.db, {
      name: 'Pak Rudi',
      phone: '+62 813-1111-2222',
      email: '',
      notes: 'Langganan foto keluarga',
    });
    expect(created).toMatchObject({ phone: '+6281311112222', email: null, notes: 'Langganan foto keluarga' });
    expect((await getCustomer(database.db, created.id)).name).toBe('Pak Rudi');
    const digits = created.code.slice(2);
    expect((await getCustomerByCode(database.db, `c${Number(digits)}`)).id).toBe(created.id);

    const edited = await updateCustomer(database.db, created.id, {
      address: 'Jl. Ganet',
      email: 'RUDI@mail.id',
    });
    expect(edited).toMatchObject({ address: 'Jl. Ganet', email: 'rudi@mail.id', name: 'Pak Rudi' });
    expect((await setPromoOptIn(database.db, created.id, false)).promoOptIn).toBe(false);
    expect((await setMembership(database.db, created.id, 'member')).membership).toBe('member');
    expect((await updateCustomer(database.db, created.id, { address: null })).address).toBeNull();
  });

  it('refuses a phone that belongs to someone else, and bad input, changing nothing', async () => {
    const a = await createCustomerByStaff(database.db, { name: 'A', phone: '0813 2222 0001' });
    const b = await createCustomerByStaff(database.db, { name: 'B', phone: '0813 2222 0002' });
    await expect(
      createCustomerByStaff(database.db, { name: 'A2', phone: '6281322220001' }),
    ).rejects.toMatchObject({
      code: 'PHONE_TAKEN',
    });
    await expect(updateCustomer(database.db, b.id, { phone: '0813-2222-0001' })).rejects.toMatchObject({
      code: 'PHONE_TAKEN',
    });
    await expect(updateCustomer(database.db, b.id, { phone: '12' })).rejects.toMatchObject({
      code: 'PHONE_INVALID',
    });
    await expect(updateCustomer(database.db, b.id, { email: 'not-an-email' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [{ field: 'email' }],
    });
    expect((await getCustomer(database.db, b.id)).phone).toBe('+6281322220002');
    expect((await getCustomer(database.db, a.id)).name).toBe('A');
    await expect(getCustomer(database.db, 999_999)).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
  });
});

describe('anonymizeCustomer', () => {
  it('blanks personal data and chats but keeps bookings and points', async () => {
    const { customer } = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '7001',
      name: 'Tari',
      phone: '0813 3333 0001',
      email: 'tari@example.com',
      address: 'Jl. Pramuka 5',
    });
    await database.db
      .insert(chatSessions)
      .values({ thread: 'telegram:7001', channel: 'telegram', customerId: customer.id });
    const start = new Date('2026-10-02T03:00:00Z');
    const [reservation] = await database.db
      .insert(reservations)
      .values({
        customerId: customer.id,
        status: 'completed',
        startAt: start,
        endAt: new Date(start.getTime() + 3_600_000),
        subtotal: 200_000,
        total: 200_000,
      })
      .returning();
    await recordPoints(database.db, {
      customerId: customer.id,
      delta: 20,
      reason: 'completion',
      reservationId: reservation!.id,
    });
    // She also wrote from the studio's web chat; its transcript is kept by thread. Another visitor's is not hers.
    await linkIdentity(database.db, { customerId: customer.id, channel: 'web', externalId: 'cookie-7001' });
    await database.db.insert(webMessages).values([
      {
        thread: 'web:cookie-7001',
        direction: 'in',
        payload: { type: 'text', text: 'Saya Tari, 0813 3333 0001' },
      },
      { thread: 'web:cookie-7001', direction: 'out', payload: { type: 'text', text: 'Halo Kak Tari!' } },
      { thread: 'web:cookie-other', direction: 'in', payload: { type: 'text', text: 'Halo' } },
    ]);
    // A campaign reached her on WhatsApp, whose id is her phone number.
    const [campaign] = await database.db
      .insert(broadcasts)
      .values({ title: 'Promo', text: 'Diskon', segment: {}, status: 'completed' })
      .returning();
    await database.db.insert(broadcastRecipients).values({
      broadcastId: campaign!.id,
      customerId: customer.id,
      channel: 'whatsapp',
      externalId: '6281333330001@c.us',
      status: 'sent',
    });
    // Another chat typed her number and was sent a code: the claim keeps the phone and that chat's id.
    await startPhoneVerification(database.db, {
      channel: 'whatsapp',
      externalId: '6281333330001@c.us',
      customerId: customer.id,
      phone: customer.phone!,
    });

    const anonymized = await anonymizeCustomer(database.db, customer.id);
    expect(anonymized).toMatchObject({
      name: '',
      phone: null,
      email: null,
      address: null,
      promoOptIn: false,
    });
    expect(anonymized.anonymizedAt).toBeInstanceOf(Date);
    expect(await findCustomerByIdentity(database.db, 'telegram', '7001')).toBeUndefined();
    expect(
      await database.db.select().from(channelIdentities).where(eq(channelIdentities.customerId, customer.id)),
    ).toEqual([]);
    expect(
      await database.db.select().from(chatSessions).where(eq(chatSessions.thread, 'telegram:7001')),
    ).toEqual([]);
    expect(
      await database.db
        .select()
        .from(phoneVerifications)
        .where(eq(phoneVerifications.customerId, customer.id)),
    ).toEqual([]);
    expect(
      (await database.db.select({ thread: webMessages.thread }).from(webMessages)).map((m) => m.thread),
    ).toEqual(['web:cookie-other']);
    expect(
      await database.db
        .select({ externalId: broadcastRecipients.externalId, status: broadcastRecipients.status })
        .from(broadcastRecipients)
        .where(eq(broadcastRecipients.customerId, customer.id)),
    ).toEqual([{ externalId: null, status: 'sent' }]);
    expect(
      await database.db.select().from(reservations).where(eq(reservations.customerId, customer.id)),
    ).toHaveLength(1);
    expect(
      await database.db.select().from(pointsLedger).where(eq(pointsLedger.customerId, customer.id)),
    ).toHaveLength(1);

    // The old referral code no longer refers, and the phone is free for a new registration.
    const newcomer = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '7002',
      name: 'Tari Baru',
      phone: '0813 3333 0001',
      referralCode: customer.referralCode,
    });
    expect(newcomer.linked).toBe(false);
    expect(newcomer.referralApplied).toBe(false);
    expect(newcomer.customer.id).not.toBe(customer.id);

    // Running it again is harmless.
    const again = await anonymizeCustomer(database.db, customer.id);
    expect(again.anonymizedAt?.getTime()).toBe(anonymized.anonymizedAt?.getTime());
  });
});

describe('searchCustomers', () => {
  const prefix = 'Zq';
  let ids: number[] = [];

  beforeAll(async () => {
    const rows = Array.from({ length: 53 }, (_, i) => ({
      name: `${prefix} Pelanggan ${String(i).padStart(2, '0')}${i % 5 === 0 ? ' Siregar' : ''}`,
      phone: `+628144${String(i).padStart(6, '0')}`,
      referralCode: `ZQ${String(i).padStart(4, '0')}`,
    }));
    ids = (await database.db.insert(customers).values(rows).returning({ id: customers.id })).map((r) => r.id);
  });

  async function allPages(query: string, limit: number): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchCustomers(database.db, { query, cursor, limit });
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it('pages through a name fragment, newest first, without repeating or skipping', async () => {
    const seen = await allPages('zq pelanggan', 7);
    expect(seen).toHaveLength(53);
    expect(new Set(seen).size).toBe(53);
    expect(seen).toEqual([...ids].sort((a, b) => b - a));
  });

  it('keeps its place when new customers arrive between pages', async () => {
    const first = await searchCustomers(database.db, { query: 'siregar', limit: 4 });
    await database.db.insert(customers).values({ name: `${prefix} Siregar Baru`, referralCode: 'ZQNEW1' });
    const rest = await searchCustomers(database.db, {
      query: 'siregar',
      cursor: first.nextCursor,
      limit: 50,
    });
    const all = [...first.rows, ...rest.rows].map((r) => r.name);
    expect(all).toHaveLength(11);
    expect(new Set(all).size).toBe(11);
    expect(all).not.toContain(`${prefix} Siregar Baru`);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('finds a phone typed the local way, and a code', async () => {
    const byPhone = await searchCustomers(database.db, { query: '0814 4000 012' });
    expect(byPhone.rows.map((r) => r.phone)).toEqual(['+628144000012']);
    const fragment = await searchCustomers(database.db, { query: '0814-4000-01', limit: 100 });
    expect(fragment.rows.map((r) => r.phone)).toEqual(
      Array.from({ length: 10 }, (_, i) => `+6281440000${19 - i}`),
    );
    const target = await getCustomer(database.db, ids[3]!);
    const byCode = await searchCustomers(database.db, { query: target.code.toLowerCase() });
    expect(byCode.rows.map((r) => r.id)).toEqual([target.id]);
  });

  it('treats % and _ as plain characters and hides anonymized customers', async () => {
    expect((await searchCustomers(database.db, { query: '%' })).rows).toEqual([]);
    await anonymizeCustomer(database.db, ids[0]!);
    const seen = await allPages('zq pelanggan 0', 100);
    expect(seen).not.toContain(ids[0]);
    expect(seen).toHaveLength(9);
  });

  it('refuses a page link it did not write instead of quietly showing the first page', async () => {
    const first = await searchCustomers(database.db, { query: 'zq pelanggan', limit: 7 });
    expect(first.nextCursor).toMatch(/^[1-9]\d*$/);
    // Not an id; a leading zero the list never writes; a number Postgres cannot hold as an integer.
    for (const cursor of ['abc', '12abc', '012', '-5', '0', '2147483648', '99999999999']) {
      await expect(
        searchCustomers(database.db, { query: 'zq pelanggan', cursor, limit: 7 }),
        cursor,
      ).rejects.toMatchObject({ code: 'CURSOR_INVALID', httpStatus: 400, fields: [{ field: 'cursor' }] });
    }
  });
});
