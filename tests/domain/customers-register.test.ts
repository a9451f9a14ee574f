import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStudioSettings } from '../../db/defaults.ts';
import { channelIdentities, customers, pointsLedger, reservations } from '../../db/schema/index.ts';
import {
  createCustomerByStaff,
  deliveryTarget,
  findCustomerByIdentity,
  linkIdentity,
  markIdentityUnreachable,
  registerCustomer,
  touchIdentity,
} from '../../src/customers/index.ts';
import { isAppError } from '../../src/errors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await ensureStudioSettings(database.db);
});
afterAll(async () => {
  await database?.drop();
});

/** Each test uses its own numbers, so tests stay independent inside one database. */
let serial = 1000;
function freshPhone(): { typed: string; e164: string } {
  serial += 1;
  const local = `81270${String(serial).padStart(5, '0')}`;
  return { typed: `0${local}`, e164: `+62${local}` };
}

async function customersWithPhone(phone: string): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(customers).where(eq(customers.phone, phone));
  return row!.n;
}

describe('registerCustomer', () => {
  it('creates the customer with a referral code and the chat identity', async () => {
    const phone = freshPhone();
    const result = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '5001',
      displayName: 'rina_tpi',
      name: '  Rina Marlina ',
      phone: phone.typed,
      email: 'Rina@Example.COM',
      locale: 'en',
    });
    expect(result.linked).toBe(false);
    expect(result.referralApplied).toBe(false);
    expect(result.customer).toMatchObject({
      name: 'Rina Marlina',
      phone: phone.e164,
      email: 'rina@example.com',
      locale: 'en',
      membership: 'regular',
      promoOptIn: true,
    });
    expect(result.customer.code).toMatch(/^C-\d{6}$/);
    expect(result.customer.referralCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const found = await findCustomerByIdentity(database.db, 'telegram', '5001');
    expect(found?.id).toBe(result.customer.id);
  });

  it('links the same phone arriving from another channel instead of duplicating it', async () => {
    const phone = freshPhone();
    const first = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '5002',
      name: 'Budi',
      phone: phone.typed,
    });
    const second = await registerCustomer(database.db, {
      channel: 'whatsapp',
      externalId: `${phone.e164.slice(1)}@c.us`,
      name: 'Budi Santoso',
      phone: phone.e164,
    });
    expect(second.linked).toBe(true);
    expect(second.customer.id).toBe(first.customer.id);
    expect(second.customer.name).toBe('Budi');
    expect(await customersWithPhone(phone.e164)).toBe(1);
    const identities = await database.db
      .select({ channel: channelIdentities.channel })
      .from(channelIdentities)
      .where(eq(channelIdentities.customerId, first.customer.id));
    expect(identities.map((i) => i.channel).sort()).toEqual(['telegram', 'whatsapp']);
  });

  it('ends on one customer when several chats register the same phone at the same moment', async () => {
    const phone = freshPhone();
    const chats = [
      { channel: 'telegram', externalId: '5003' },
      { channel: 'whatsapp', externalId: `${phone.e164.slice(1)}@c.us` },
      { channel: 'web', externalId: 'cookie-5003a' },
      { channel: 'web', externalId: 'cookie-5003b' },
    ] as const;
    const results = await Promise.all(
      chats.map((chat) => registerCustomer(database.db, { ...chat, name: 'Sari', phone: phone.typed })),
    );
    const ids = new Set(results.map((r) => r.customer.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.linked)).toHaveLength(1);
    expect(await customersWithPhone(phone.e164)).toBe(1);
    for (const chat of chats) {
      expect((await findCustomerByIdentity(database.db, chat.channel, chat.externalId))?.id).toBe(
        [...ids][0],
      );
    }
  });

  it('with onPhoneTaken "refuse" a phone on file is PHONE_TAKEN and the chat is left alone', async () => {
    const phone = freshPhone();
    const staffMade = await createCustomerByStaff(database.db, { name: 'Ibu Wati', phone: phone.typed });
    const refused = await registerCustomer(database.db, {
      channel: 'web',
      externalId: 'cookie-refuse',
      name: 'Bukan Wati',
      phone: phone.typed,
      onPhoneTaken: 'refuse',
    }).catch((error: unknown) => error);
    expect(isAppError(refused, 'PHONE_TAKEN')).toBe(true);
    expect(await findCustomerByIdentity(database.db, 'web', 'cookie-refuse')).toBeUndefined();
    expect(await customersWithPhone(phone.e164)).toBe(1);
    const [row] = await database.db.select().from(customers).where(eq(customers.id, staffMade.id));
    expect(row?.name).toBe('Ibu Wati');
  });

  it('links a customer staff entered at the counter when they later write in a chat', async () => {
    const phone = freshPhone();
    const staffMade = await createCustomerByStaff(database.db, { name: 'Ibu Wati', phone: phone.typed });
    const result = await registerCustomer(database.db, {
      channel: 'whatsapp',
      externalId: `${phone.e164.slice(1)}@c.us`,
      name: 'Wati',
      phone: phone.typed,
      email: 'wati@example.com',
      promoOptIn: false,
    });
    expect(result.linked).toBe(true);
    expect(result.customer).toMatchObject({
      id: staffMade.id,
      name: 'Ibu Wati',
      email: 'wati@example.com',
      promoOptIn: false,
    });
  });

  it('gives the friend welcome points once and records who referred them', async () => {
    const referrer = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '5004',
      name: 'Dewi',
      phone: freshPhone().typed,
    });
    const phone = freshPhone();
    const friend = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '5005',
      name: 'Eka',
      phone: phone.typed,
      referralCode: ` ${referrer.customer.referralCode.toLowerCase()} `,
    });
    expect(friend.referralApplied).toBe(true);
    expect(friend.referrerCredited).toBe(true);
    expect(friend.customer.referredById).toBe(referrer.customer.id);
    expect(friend.customer.pointsBalance).toBe(50);

    // The same person registering again from another chat with the code gets nothing more.
    const again = await registerCustomer(database.db, {
      channel: 'web',
      externalId: 'cookie-5005',
      name: 'Eka',
      phone: phone.typed,
      referralCode: referrer.customer.referralCode,
    });
    expect(again.referralApplied).toBe(false);
    expect(again.customer.pointsBalance).toBe(50);
    const ledger = await database.db
      .select()
      .from(pointsLedger)
      .where(eq(pointsLedger.customerId, friend.customer.id));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ reason: 'referral_welcome', delta: 50 });
    // The referrer earns only when the friend completes a booking (see loyalty tests).
    const [referrerRow] = await database.db
      .select()
      .from(customers)
      .where(eq(customers.id, referrer.customer.id));
    expect(referrerRow!.pointsBalance).toBe(0);
  });

  it('ignores an unknown or own referral code and still registers', async () => {
    const result = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '5006',
      name: 'Fajar',
      phone: freshPhone().typed,
      referralCode: 'NOPE99',
    });
    expect(result.referralApplied).toBe(false);
    expect(result.customer.referredById).toBeNull();
    expect(result.customer.pointsBalance).toBe(0);

    const own = await registerCustomer(database.db, {
      channel: 'web',
      externalId: 'cookie-5006',
      name: 'Fajar',
      phone: result.customer.phone!,
      referralCode: result.customer.referralCode,
    });
    expect(own.referralApplied).toBe(false);
    expect(own.customer.pointsBalance).toBe(0);
  });

  it('does not treat an existing customer with bookings as a referred newcomer', async () => {
    const referrer = await createCustomerByStaff(database.db, { name: 'Gita', phone: freshPhone().typed });
    const phone = freshPhone();
    const regular = await createCustomerByStaff(database.db, { name: 'Hadi', phone: phone.typed });
    const start = new Date('2026-10-01T03:00:00Z');
    await database.db.insert(reservations).values({
      customerId: regular.id,
      status: 'completed',
      startAt: start,
      endAt: new Date(start.getTime() + 3_600_000),
      subtotal: 150_000,
      total: 150_000,
    });
    const result = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '5007',
      name: 'Hadi',
      phone: phone.typed,
      referralCode: referrer.referralCode,
    });
    expect(result.linked).toBe(true);
    expect(result.referralApplied).toBe(false);
    expect(result.customer.referredById).toBeNull();
  });

  it('rejects a bad phone with PHONE_INVALID and a blank name with VALIDATION, writing nothing', async () => {
    const before = await database.db.select({ n: count() }).from(customers);
    await expect(
      registerCustomer(database.db, {
        channel: 'telegram',
        externalId: '5008',
        name: 'Indra',
        phone: '0771 312345',
      }),
    ).rejects.toMatchObject({ code: 'PHONE_INVALID' });
    try {
      await registerCustomer(database.db, {
        channel: 'telegram',
        externalId: '5008',
        name: '  ',
        phone: freshPhone().typed,
      });
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error, 'VALIDATION')).toBe(true);
      expect((error as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['name']);
    }
    const after = await database.db.select({ n: count() }).from(customers);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await findCustomerByIdentity(database.db, 'telegram', '5008')).toBeUndefined();
  });
});

describe('identities', () => {
  it('delivers to the most recently seen reachable chat', async () => {
    const { customer } = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '6001',
      name: 'Joko',
      phone: freshPhone().typed,
    });
    await linkIdentity(database.db, {
      customerId: customer.id,
      channel: 'whatsapp',
      externalId: '6281270006001@c.us',
    });
    expect(await deliveryTarget(database.db, customer.id)).toEqual({
      channel: 'whatsapp',
      externalId: '6281270006001@c.us',
    });

    const later = new Date(Date.now() + 60_000);
    await touchIdentity(database.db, 'telegram', '6001', later);
    expect(await deliveryTarget(database.db, customer.id)).toEqual({
      channel: 'telegram',
      externalId: '6001',
    });

    // Blocked on Telegram: fall back to WhatsApp, seen earlier.
    await markIdentityUnreachable(database.db, 'telegram', '6001');
    expect(await deliveryTarget(database.db, customer.id)).toEqual({
      channel: 'whatsapp',
      externalId: '6281270006001@c.us',
    });

    await markIdentityUnreachable(database.db, 'whatsapp', '6281270006001@c.us');
    expect(await deliveryTarget(database.db, customer.id)).toBeUndefined();

    // Writing to us again proves the chat works again.
    await touchIdentity(database.db, 'telegram', '6001', new Date(later.getTime() + 60_000));
    expect(await deliveryTarget(database.db, customer.id)).toEqual({
      channel: 'telegram',
      externalId: '6001',
    });
    const [row] = await database.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.lastActiveAt).not.toBeNull();
  });

  it('links a chat once however often it is linked, and moves it when the person says who they are', async () => {
    const first = await registerCustomer(database.db, {
      channel: 'web',
      externalId: 'cookie-6002',
      name: 'Lestari',
      phone: freshPhone().typed,
    });
    await linkIdentity(database.db, {
      customerId: first.customer.id,
      channel: 'web',
      externalId: 'cookie-6002',
    });
    const rows = await database.db
      .select()
      .from(channelIdentities)
      .where(eq(channelIdentities.externalId, 'cookie-6002'));
    expect(rows).toHaveLength(1);

    // The same browser registers again as someone else (a shared family laptop): the chat follows.
    const second = await registerCustomer(database.db, {
      channel: 'web',
      externalId: 'cookie-6002',
      name: 'Mega',
      phone: freshPhone().typed,
    });
    expect(second.customer.id).not.toBe(first.customer.id);
    expect((await findCustomerByIdentity(database.db, 'web', 'cookie-6002'))?.id).toBe(second.customer.id);
    expect(await deliveryTarget(database.db, first.customer.id)).toBeUndefined();
  });

  it('has no target for a customer without chats', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Kiki' });
    expect(await deliveryTarget(database.db, walkIn.id)).toBeUndefined();
  });
});
