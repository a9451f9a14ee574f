import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, customers, phoneVerifications } from '../../db/schema/index.ts';
import {
  checkPhoneCode,
  classifyPhoneClaim,
  createCustomerByStaff,
  linkChatByStaffCode,
  linkIdentity,
  markIdentityUnreachable,
  registerCustomer,
  startPhoneVerification,
} from '../../src/customers/index.ts';
import { recordPoints } from '../../src/loyalty/ledger.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const T0 = new Date('2026-12-01T02:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const web = (externalId: string) => ({ channel: 'web' as const, externalId });

async function telegramCustomer(phone: string, chatId: string) {
  const { customer } = await registerCustomer(database.db, {
    channel: 'telegram',
    externalId: chatId,
    name: 'Rina',
    phone,
  });
  return customer;
}

async function started(
  key: { channel: 'web'; externalId: string },
  customerId: number,
  phone: string,
  now = T0,
) {
  const result = await startPhoneVerification(database.db, { ...key, customerId, phone, now });
  if (!result.sent) throw new Error(`not sent: ${result.reason}`);
  return result.code;
}

describe('classifyPhoneClaim', () => {
  it('a phone nobody has is new', async () => {
    expect(await classifyPhoneClaim(database.db, { ...web('a1'), phone: '+6281299000001' })).toEqual({
      kind: 'new',
    });
  });

  it('a customer with a reachable chat must be verified; the same chat links directly', async () => {
    const rina = await telegramCustomer('+6281299000002', '9002');
    expect(await classifyPhoneClaim(database.db, { ...web('a2'), phone: '+6281299000002' })).toMatchObject({
      kind: 'verify',
      customerId: rina.id,
    });
    expect(
      await classifyPhoneClaim(database.db, {
        channel: 'telegram',
        externalId: '9002',
        phone: '+6281299000002',
      }),
    ).toEqual({ kind: 'link', customerId: rina.id });
  });

  it('a phone staff entered (no chat) is never linked on a typed number: staff confirm, history or not', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Pak Budi', phone: '081299000003' });
    expect(await classifyPhoneClaim(database.db, { ...web('a3'), phone: '+6281299000003' })).toEqual({
      kind: 'staff',
      customerId: walkIn.id,
      locale: 'id',
    });
    await database.db.transaction((tx) =>
      recordPoints(tx, { customerId: walkIn.id, delta: 10, reason: 'manual', note: 'uji' }),
    );
    expect(await classifyPhoneClaim(database.db, { ...web('a3'), phone: '+6281299000003' })).toMatchObject({
      kind: 'staff',
    });
  });

  it('a customer whose only chat blocked the bot needs staff; with a reachable chat again, a code goes there', async () => {
    const gone = await telegramCustomer('+6281299000004', '9004');
    await markIdentityUnreachable(database.db, 'telegram', '9004');
    expect(await classifyPhoneClaim(database.db, { ...web('a4'), phone: '+6281299000004' })).toMatchObject({
      kind: 'staff',
      customerId: gone.id,
    });
    await linkIdentity(database.db, {
      customerId: gone.id,
      channel: 'whatsapp',
      externalId: '6281299000004@c.us',
    });
    expect((await classifyPhoneClaim(database.db, { ...web('a4'), phone: '+6281299000004' })).kind).toBe(
      'verify',
    );
  });
});

describe('codes', () => {
  it('the right code names the customer once; only a hash is stored', async () => {
    const rina = await telegramCustomer('+6281299000010', '9010');
    const code = await started(web('b1'), rina.id, '+6281299000010');
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await database.db
      .select()
      .from(phoneVerifications)
      .where(eq(phoneVerifications.externalId, 'b1'));
    expect(row?.codeHash).not.toContain(code);
    expect(
      await checkPhoneCode(database.db, {
        ...web('b1'),
        code: `${code.slice(0, 3)} ${code.slice(3)}`,
        now: at(30),
      }),
    ).toEqual({
      ok: true,
      customerId: rina.id,
      phone: '+6281299000010',
    });
    expect(await checkPhoneCode(database.db, { ...web('b1'), code, now: at(31) })).toMatchObject({
      ok: false,
      reason: 'none',
    });
  });

  it('five wrong codes use up the tries; even the right code is refused after that', async () => {
    const rina = await telegramCustomer('+6281299000011', '9011');
    const code = await started(web('b2'), rina.id, '+6281299000011');
    const wrong = code === '000000' ? '111111' : '000000';
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await checkPhoneCode(database.db, { ...web('b2'), code: wrong, now: at(10) });
      if (result.ok) throw new Error('wrong code accepted');
      left.push(result.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(await checkPhoneCode(database.db, { ...web('b2'), code, now: at(20) })).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    // A new code (after a minute) starts the tries again.
    const fresh = await started(web('b2'), rina.id, '+6281299000011', at(61));
    expect((await checkPhoneCode(database.db, { ...web('b2'), code: fresh, now: at(70) })).ok).toBe(true);
  });

  it('a code expires after 10 minutes', async () => {
    const rina = await telegramCustomer('+6281299000012', '9012');
    const code = await started(web('b3'), rina.id, '+6281299000012');
    expect(await checkPhoneCode(database.db, { ...web('b3'), code, now: at(600) })).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('a code is bound to the chat that asked for it', async () => {
    const rina = await telegramCustomer('+6281299000013', '9013');
    const code = await started(web('b4'), rina.id, '+6281299000013');
    expect(await checkPhoneCode(database.db, { ...web('b4-other'), code, now: at(5) })).toMatchObject({
      ok: false,
      reason: 'none',
    });
  });

  it('a new code is sent at most once a minute, per chat and per customer; a new code replaces the old', async () => {
    const rina = await telegramCustomer('+6281299000014', '9014');
    const first = await started(web('b5'), rina.id, '+6281299000014');
    expect(
      await startPhoneVerification(database.db, {
        ...web('b5'),
        customerId: rina.id,
        phone: '+6281299000014',
        now: at(20),
      }),
    ).toEqual({
      sent: false,
      reason: 'wait',
      retryInSeconds: 40,
    });
    // Another chat (a second browser) asking for the same customer waits too.
    expect(
      await startPhoneVerification(database.db, {
        ...web('b5-x'),
        customerId: rina.id,
        phone: '+6281299000014',
        now: at(30),
      }),
    ).toMatchObject({ sent: false, reason: 'wait' });
    const second = await started(web('b5'), rina.id, '+6281299000014', at(60));
    if (first !== second) {
      expect(await checkPhoneCode(database.db, { ...web('b5'), code: first, now: at(61) })).toMatchObject({
        reason: 'wrong',
      });
    }
    expect((await checkPhoneCode(database.db, { ...web('b5'), code: second, now: at(62) })).ok).toBe(true);
  });

  it('at most 5 codes an hour per chat', async () => {
    const rina = await telegramCustomer('+6281299000015', '9015');
    for (let i = 0; i < 5; i++) await started(web('b6'), rina.id, '+6281299000015', at(i * 61));
    expect(
      await startPhoneVerification(database.db, {
        ...web('b6'),
        customerId: rina.id,
        phone: '+6281299000015',
        now: at(5 * 61),
      }),
    ).toMatchObject({ sent: false, reason: 'too_many' });
    expect(
      (
        await startPhoneVerification(database.db, {
          ...web('b6'),
          customerId: rina.id,
          phone: '+6281299000015',
          now: at(3601),
        })
      ).sent,
    ).toBe(true);
  });

  it('at most 10 codes an hour per customer, whichever chats ask', async () => {
    const rina = await telegramCustomer('+6281299000017', '9017');
    // Ten browsers, a minute apart (the per-customer wait), each asking once.
    for (let i = 0; i < 10; i++) await started(web(`b8-${i}`), rina.id, '+6281299000017', at(i * 61));
    const ask = (externalId: string, seconds: number) =>
      startPhoneVerification(database.db, {
        ...web(externalId),
        customerId: rina.id,
        phone: '+6281299000017',
        now: at(seconds),
      });
    expect(await ask('b8-new', 10 * 61)).toEqual({ sent: false, reason: 'too_many', retryInSeconds: 3600 });
    // An hour after the first code its sends no longer count: 9 in the hour, one more may go.
    expect((await ask('b8-new', 3601)).sent).toBe(true);
  });

  it('a code for a number staff changed since is refused', async () => {
    const rina = await telegramCustomer('+6281299000016', '9016');
    const code = await started(web('b7'), rina.id, '+6281299000016');
    await database.db.update(customers).set({ phone: '+6281299000099' }).where(eq(customers.id, rina.id));
    expect(await checkPhoneCode(database.db, { ...web('b7'), code, now: at(5) })).toMatchObject({
      ok: false,
      reason: 'none',
    });
  });
});

describe('codes told to staff (the customer has no chat to send a code to)', () => {
  async function staffCode(
    key: { channel: 'web'; externalId: string },
    customerId: number,
    phone: string,
    now = T0,
  ) {
    const result = await startPhoneVerification(database.db, {
      ...key,
      customerId,
      phone,
      now,
      checkedBy: 'staff',
    });
    if (!result.sent) throw new Error(`not made: ${result.reason}`);
    return result.code;
  }

  const chatsOf = async (customerId: number) =>
    (
      await database.db
        .select({ channel: channelIdentities.channel, externalId: channelIdentities.externalId })
        .from(channelIdentities)
        .where(eq(channelIdentities.customerId, customerId))
    ).map((i) => `${i.channel}:${i.externalId}`);

  it('staff typing the code the chat was shown links that chat, once; a wrong code links nothing', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Ibu Sari', phone: '081299000020' });
    const code = await staffCode(web('c1'), walkIn.id, '+6281299000020');
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      await linkChatByStaffCode(database.db, { customerId: walkIn.id, code: wrong, now: at(60) }),
    ).toEqual({
      ok: false,
      reason: 'wrong',
    });
    expect(await chatsOf(walkIn.id)).toEqual([]);
    const linked = await linkChatByStaffCode(database.db, {
      customerId: walkIn.id,
      code: `${code.slice(0, 3)} ${code.slice(3)}`,
      now: at(60),
    });
    expect(linked).toMatchObject({ ok: true, channel: 'web', externalId: 'c1' });
    expect(await chatsOf(walkIn.id)).toEqual(['web:c1']);
    expect(
      await linkChatByStaffCode(database.db, { customerId: walkIn.id, code, now: at(61) }),
    ).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
  });

  it('the chat cannot use its own code, and staff cannot use a code sent to the customer’s chat', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Pak Dedi', phone: '081299000021' });
    const shown = await staffCode(web('c2'), walkIn.id, '+6281299000021');
    expect(await checkPhoneCode(database.db, { ...web('c2'), code: shown, now: at(5) })).toMatchObject({
      ok: false,
    });
    expect(await chatsOf(walkIn.id)).toEqual([]);

    const rina = await telegramCustomer('+6281299000022', '9022');
    const sent = await started(web('c3'), rina.id, '+6281299000022');
    expect(
      await linkChatByStaffCode(database.db, { customerId: rina.id, code: sent, now: at(5) }),
    ).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
    expect(await chatsOf(rina.id)).toEqual(['telegram:9022']);
  });

  it('a code only links on the customer it was made for, for 24 hours, while the number is theirs', async () => {
    const sari = await createCustomerByStaff(database.db, { name: 'Sari', phone: '081299000023' });
    const other = await createCustomerByStaff(database.db, { name: 'Lain', phone: '081299000024' });
    const code = await staffCode(web('c4'), sari.id, '+6281299000023');
    expect(await linkChatByStaffCode(database.db, { customerId: other.id, code, now: at(5) })).toMatchObject({
      reason: 'wrong',
    });
    expect(
      await linkChatByStaffCode(database.db, { customerId: sari.id, code, now: at(24 * 3600) }),
    ).toMatchObject({ ok: false, reason: 'expired' });

    const fresh = await staffCode(web('c5'), sari.id, '+6281299000023', at(10));
    await database.db.update(customers).set({ phone: '+6281299000025' }).where(eq(customers.id, sari.id));
    expect(
      await linkChatByStaffCode(database.db, { customerId: sari.id, code: fresh, now: at(20) }),
    ).toMatchObject({
      reason: 'wrong',
    });
    expect(await chatsOf(sari.id)).toEqual([]);
  });

  it('a chat that has registered as someone else since is not moved', async () => {
    const sari = await createCustomerByStaff(database.db, { name: 'Sari', phone: '081299000026' });
    const code = await staffCode(web('c6'), sari.id, '+6281299000026');
    await registerCustomer(database.db, { ...web('c6'), name: 'Orang Lain', phone: '081299000027' });
    expect(await linkChatByStaffCode(database.db, { customerId: sari.id, code, now: at(5) })).toEqual({
      ok: false,
      reason: 'elsewhere',
    });
    expect(await chatsOf(sari.id)).toEqual([]);
  });

  it('nothing is sent, so a new code needs no minute’s wait; the hourly limit counts them all the same', async () => {
    const sari = await createCustomerByStaff(database.db, { name: 'Sari', phone: '081299000028' });
    const first = await staffCode(web('c7'), sari.id, '+6281299000028');
    const second = await staffCode(web('c7'), sari.id, '+6281299000028', at(1));
    for (let i = 2; i < 5; i++) await staffCode(web('c7'), sari.id, '+6281299000028', at(i));
    expect(
      await startPhoneVerification(database.db, {
        ...web('c7'),
        customerId: sari.id,
        phone: '+6281299000028',
        now: at(5),
        checkedBy: 'staff',
      }),
    ).toMatchObject({ sent: false, reason: 'too_many' });
    // Only the chat's latest code works.
    if (first !== second) {
      expect(
        await linkChatByStaffCode(database.db, { customerId: sari.id, code: first, now: at(6) }),
      ).toMatchObject({
        reason: 'wrong',
      });
    }
  });
});
