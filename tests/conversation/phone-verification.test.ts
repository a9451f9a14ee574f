import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  handle,
  loadSession,
  saveSession,
  type ThreadKey,
  withChatLock,
} from '../../bots/conversation/index.ts';
import type { ChatInput, ChatSession, ConversationDeps } from '../../bots/conversation/types.ts';
import type { DbOrTx } from '../../db/client.ts';
import { channelIdentities, customers } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createCustomerByStaff, linkChatByStaffCode, registerCustomer } from '../../src/customers/index.ts';
import { createOutbox } from '../../src/messaging/outbox.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import { clearOutbox, outboxRows } from '../helpers/outbox.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { chat, choicesOf, FIXED_NOW, testRuntime, textOf } from './driver.ts';

let database: TestDatabase;
let now = FIXED_NOW;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  now = FIXED_NOW;
  await clearOutbox(database.db);
});

/**
 * A chat driven like runTurn does (chat lock, load, handle, save in one transaction), with the outbox
 * the adapters give the conversation: rows in the outbox table, on the turn's transaction.
 */
function chatWithOutbox(key: ThreadKey, locale: 'id' | 'en' = 'id') {
  let last: { replies: OutboundMessage[]; session: ChatSession } | undefined;
  const deps = (db: DbOrTx): ConversationDeps => ({
    db,
    clock: () => now,
    timeZone: 'Asia/Jakarta',
    outbox: (tx) => createOutbox({ db: tx }),
  });
  const send = async (input: ChatInput) => {
    last = await withChatLock(database.db, key, async (tx) => {
      const session = await loadSession(tx, key, locale);
      const result = await handle(deps(tx), session, input);
      return { replies: result.replies, session: await saveSession(tx, result.session) };
    });
    return last;
  };
  const current = () => {
    if (!last) throw new Error('nothing sent yet');
    return last;
  };
  const driver = {
    text: (text: string) => send({ type: 'text', text }),
    command: (name: string) => send({ type: 'command', name }),
    contact: (phone: string, own: boolean) => send({ type: 'contact', phone, own }),
    tap: async (label: string) => {
      const button = current()
        .replies.flatMap(choicesOf)
        .find((b) => b.label.includes(label));
      if (!button) throw new Error(`no button ${label} in: ${driver.said}`);
      return send({ type: 'choice', id: button.id });
    },
    get said() {
      return current().replies.map(textOf).join('\n---\n');
    },
    get step() {
      return current().session.step;
    },
    get customerId() {
      return current().session.customerId;
    },
    /** Registers up to the phone step and types the number. */
    async typePhone(name: string, phone: string) {
      await driver.command('start');
      await driver.text(name);
      return driver.text(phone);
    },
  };
  return driver;
}

/** The texts written for a chat, oldest first. */
async function queuedTo(channel: 'telegram' | 'whatsapp' | 'web', externalId: string): Promise<string[]> {
  return (await outboxRows(database.db, { channel, externalId })).map((row) =>
    row.message.type === 'photo' ? row.message.caption : row.message.text,
  );
}

const codeIn = (text: string | undefined) => /\b(\d{6})\b/.exec(text ?? '')?.[1];

async function customerOnTelegram(phone: string, chatId: string, name = 'Rina') {
  const { customer } = await registerCustomer(database.db, {
    channel: 'telegram',
    externalId: chatId,
    name,
    phone,
  });
  return customer;
}

async function identitiesOf(customerId: number) {
  const rows = await database.db
    .select({ channel: channelIdentities.channel, externalId: channelIdentities.externalId })
    .from(channelIdentities)
    .where(eq(channelIdentities.customerId, customerId));
  return rows.map((r) => `${r.channel}:${r.externalId}`).sort();
}

describe('a typed phone of a customer who chats elsewhere', () => {
  it('is not linked at once: a code goes to their Telegram, and typing it here links the web chat', async () => {
    const rina = await customerOnTelegram('+6281277005001', '5001');
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5001' });
    await web.typePhone('Rina', '0812-7700-5001');
    expect(web.said).toContain(
      'Nomor ini sudah terdaftar. Kami kirim kode 6 angka ke chat Telegram Anda yang terdaftar. Ketik kodenya di sini.',
    );
    expect(web.step).toBe('reg.code');
    expect(web.customerId).toBeNull();
    expect(await identitiesOf(rina.id)).toEqual(['telegram:5001']);

    const [message] = await queuedTo('telegram', '5001');
    expect(message).toContain('Kode verifikasi');
    expect(message).toContain('+62 812-7700-5001');
    const code = codeIn(message);
    expect(code).toBeDefined();
    expect(web.said).not.toContain(code!);

    await web.text(`${code!.slice(0, 3)} ${code!.slice(3)}`);
    expect(web.said).toContain('akun Anda langsung tersambung, Kak Rina');
    expect(web.step).toBe('menu');
    expect(web.customerId).toBe(rina.id);
    expect(await identitiesOf(rina.id)).toEqual(['telegram:5001', 'web:web-5001']);
  });

  it('a wrong code gets a friendly answer and keeps the step; five wrong codes need a new code', async () => {
    const rina = await customerOnTelegram('+6281277005002', '5002');
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5002' });
    await web.typePhone('Orang Lain', '081277005002');
    const code = codeIn((await queuedTo('telegram', '5002'))[0])!;
    const wrong = code === '000000' ? '111111' : '000000';

    await web.text('12ab');
    expect(web.said).toContain('Kodenya 6 angka ya');
    await web.text(wrong);
    expect(web.said).toContain('Kodenya belum cocok. Sisa 4 kali percobaan.');
    expect(web.step).toBe('reg.code');
    for (let i = 0; i < 4; i++) await web.text(wrong);
    expect(web.said).toContain('sudah 5 kali salah');
    await web.text(code);
    expect(web.said).toContain('sudah 5 kali salah');
    expect(web.customerId).toBeNull();
    expect(await identitiesOf(rina.id)).toEqual(['telegram:5002']);
  });

  it('"Kirim ulang kode" waits a minute, then sends a new code that replaces the old one', async () => {
    const rina = await customerOnTelegram('+6281277005003', '5003');
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5003' });
    await web.typePhone('Rina', '081277005003');
    await web.tap('Kirim ulang kode');
    expect(web.said).toContain('Kode baru bisa dikirim lagi dalam 60 detik');
    expect(await queuedTo('telegram', '5003')).toHaveLength(1);

    now = new Date(FIXED_NOW.getTime() + 61_000);
    await web.tap('Kirim ulang kode');
    expect(web.said).toContain('Kode baru sudah kami kirim');
    const sent = await queuedTo('telegram', '5003');
    expect(sent).toHaveLength(2);
    const [first, second] = sent.map(codeIn);
    if (first !== second) {
      await web.text(first!);
      expect(web.said).toContain('Kodenya belum cocok');
    }
    await web.text(second!);
    expect(web.customerId).toBe(rina.id);
  });

  it('a second chat asking for the same customer within a minute sends nothing more', async () => {
    const rina = await customerOnTelegram('+6281277005006', '5006');
    const first = chatWithOutbox({ channel: 'web', externalId: 'web-5006-a' });
    await first.typePhone('Rina', '081277005006');
    const second = chatWithOutbox({ channel: 'web', externalId: 'web-5006-b' });
    await second.typePhone('Rina', '081277005006');
    expect(second.said).toContain('Nomor ini sudah terdaftar, jadi kami perlu mengirim kode');
    expect(second.said).toContain('dalam 60 detik');
    expect(await queuedTo('telegram', '5006')).toHaveLength(1);
    // The code sent for the first chat does not work in the second.
    await second.text(codeIn((await queuedTo('telegram', '5006'))[0])!);
    expect(second.customerId).toBeNull();
    expect(await identitiesOf(rina.id)).toEqual(['telegram:5006']);
  });

  it('an expired code is refused; "Pakai nomor lain" goes back to the phone step', async () => {
    await customerOnTelegram('+6281277005004', '5004');
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5004' });
    await web.typePhone('Dewi', '081277005004');
    const code = codeIn((await queuedTo('telegram', '5004'))[0])!;
    now = new Date(FIXED_NOW.getTime() + 11 * 60_000);
    await web.text(code);
    expect(web.said).toContain('Kode itu sudah tidak berlaku');
    await web.tap('Pakai nomor lain');
    expect(web.step).toBe('reg.phone');
    await web.text('081277005904');
    expect(web.step).toBe('reg.email');
    await web.tap('Lewati');
    await web.tap('Lewati');
    const [dewi] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277005904'));
    expect(dewi?.name).toBe('Dewi');
    expect(web.customerId).toBe(dewi!.id);
  });

  it('in English too', async () => {
    await customerOnTelegram('+6281277005005', '5005');
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5005' }, 'en');
    await web.typePhone('John', '081277005005');
    expect(web.said).toContain(
      'This number is already registered. We sent a 6-digit code to your registered Telegram chat.',
    );
  });
});

describe('when a typed phone is taken as it is', () => {
  it('sharing one’s own Telegram contact is proof: linked without a code', async () => {
    const rina = await customerOnTelegram('+6281277005011', '5011-wa');
    const tg = chatWithOutbox({ channel: 'telegram', externalId: '5011' });
    await tg.command('start');
    await tg.text('Rina');
    await tg.contact('+6281277005011', true);
    await tg.tap('Lewati');
    await tg.tap('Lewati');
    expect(tg.customerId).toBe(rina.id);
    expect(await queuedTo('telegram', '5011-wa')).toHaveLength(0);
  });

  it('a WhatsApp chat typing its own number is proof', async () => {
    const rina = await customerOnTelegram('+6281277005012', '5012');
    const wa = chatWithOutbox({ channel: 'whatsapp', externalId: '6281277005012@c.us' });
    await wa.typePhone('Rina', '081277005012');
    expect(wa.step).toBe('reg.email');
    await wa.tap('Lewati');
    await wa.tap('Lewati');
    expect(wa.customerId).toBe(rina.id);
  });
});

describe('when the number cannot be proven here', () => {
  it('without an outbox (adapter not wired) the typed number is refused, not linked', async () => {
    const rina = await customerOnTelegram('+6281277005020', '5020');
    const web = chat(testRuntime(database.db), 'web-5020', 'web');
    await web.command('start');
    await web.text('Penyusup');
    await web.text('081277005020');
    expect(web.said).toContain('Nomor ini sudah terdaftar, tapi kami tidak bisa mengirim kode');
    expect(web.step).toBe('reg.phone');
    expect(web.last.session.customerId).toBeNull();
    expect(await identitiesOf(rina.id)).toEqual(['telegram:5020']);
  });

  it('a customer with history whose every chat blocked us is not linked either: staff confirm', async () => {
    const rina = await customerOnTelegram('+6281277005021', '5021');
    await database.db
      .update(channelIdentities)
      .set({ unreachableAt: FIXED_NOW })
      .where(eq(channelIdentities.customerId, rina.id));
    const { recordPoints } = await import('../../src/loyalty/ledger.ts');
    await database.db.transaction((tx) =>
      recordPoints(tx, { customerId: rina.id, delta: 20, reason: 'manual', note: 'uji' }),
    );
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5021' });
    await web.typePhone('Penyusup', '081277005021');
    expect(web.said).toContain('Sebutkan kode ini ke staf');
    expect(web.step).toBe('reg.staff');
    expect(web.customerId).toBeNull();
    expect(await identitiesOf(rina.id)).toEqual(['telegram:5021']);
    expect(await queuedTo('telegram', '5021')).toHaveLength(0);
  });

  it('a number registered elsewhere while email and address were asked is checked again before linking', async () => {
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5022' });
    await web.typePhone('Penyusup', '081277005022');
    expect(web.step).toBe('reg.email');
    const rina = await customerOnTelegram('+6281277005022', '5022');
    await web.tap('Lewati');
    await web.tap('Lewati');
    expect(web.step).toBe('reg.code');
    expect(web.said).toContain('Kami kirim kode 6 angka ke chat Telegram');
    expect(await identitiesOf(rina.id)).toEqual(['telegram:5022']);
  });
});

describe('a number entered by staff while the chat is finishing its registration', () => {
  it('is not linked when it commits between the check and the insert: staff confirm instead', async () => {
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5030' });
    await web.typePhone('Penyusup', '081277005030');
    await web.tap('Lewati');
    expect(web.step).toBe('reg.address');

    // Staff save Ibu Nur with this number in a transaction still open when the chat checks the number.
    let commit!: () => void;
    const open = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let saved!: () => void;
    const inserted = new Promise<void>((resolve) => {
      saved = resolve;
    });
    const staffSave = database.db.transaction(async (tx) => {
      const row = await createCustomerByStaff(tx, { name: 'Ibu Nur', phone: '081277005030' });
      saved();
      await open;
      return row;
    });
    await inserted;
    const finishing = web.tap('Lewati');
    // The chat's insert now waits on the staff row's lock; let the staff transaction commit.
    await waitForLockWait();
    commit();
    const nur = await staffSave;
    await finishing;
    expect(web.step).toBe('reg.staff');
    expect(web.customerId).toBeNull();
    expect(await identitiesOf(nur.id)).toEqual([]);
  });
});

/** Until some statement on the test database waits for a row lock (the chat's insert behind staff's). */
async function waitForLockWait() {
  for (let i = 0; i < 200; i++) {
    const rows = await database.db.execute(
      sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the chat never waited for the staff insert');
}

describe('a typed phone of a customer with no chat to send a code to (entered by staff at the counter)', () => {
  const shownCode = (said: string) => /Kode sambung Anda: (\d{6})/.exec(said)?.[1];

  it('is not linked: the chat gets a code to tell the studio, and staff typing it links the chat', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Ibu Sari', phone: '081277005010' });
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5010' });
    await web.typePhone('Sari', '081277005010');
    expect(web.said).toContain('Nomor ini sudah tercatat di studio, tapi belum tersambung ke chat mana pun');
    expect(web.said).toContain(
      'Sebutkan kode ini ke staf Potret Studio Tanjungpinang: datang ke studio atau hubungi kami di +62 812-3450-0021.',
    );
    expect(web.step).toBe('reg.staff');
    expect(web.customerId).toBeNull();
    expect(await identitiesOf(walkIn.id)).toEqual([]);
    const code = shownCode(web.said)!;
    expect(code).toBeDefined();

    // Typing the code in the chat itself proves nothing.
    await web.text(code);
    expect(web.said).toContain('Chat ini masih menunggu disambungkan oleh staf studio.');
    expect(web.step).toBe('reg.staff');
    expect(web.customerId).toBeNull();

    const linked = await linkChatByStaffCode(database.db, { customerId: walkIn.id, code, now: FIXED_NOW });
    expect(linked).toMatchObject({ ok: true, channel: 'web', externalId: 'web-5010' });
    await web.text('halo');
    expect(web.step).toBe('menu');
    expect(web.customerId).toBe(walkIn.id);
    expect(await identitiesOf(walkIn.id)).toEqual(['web:web-5010']);
  });

  it('"Pakai nomor lain" leaves the waiting step and registers a new number as a new customer', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Ibu Tini', phone: '081277005013' });
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5013' });
    await web.typePhone('Tini', '081277005013');
    await web.tap('Pakai nomor lain');
    expect(web.step).toBe('reg.phone');
    await web.text('081277005913');
    await web.tap('Lewati');
    await web.tap('Lewati');
    expect(web.step).toBe('menu');
    expect(web.customerId).not.toBe(walkIn.id);
    expect(await identitiesOf(walkIn.id)).toEqual([]);
  });

  it('on Telegram, sharing one’s own contact from the waiting step links at once', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Ibu Rahma', phone: '081277005014' });
    const tg = chatWithOutbox({ channel: 'telegram', externalId: '5014' });
    await tg.typePhone('Rahma', '0812 7700 5014');
    expect(tg.step).toBe('reg.staff');
    expect(tg.said).toContain('tekan tombol "📱 Bagikan nomor HP" di bawah');
    await tg.contact('+6281277005999', false);
    expect(tg.said).toContain('kontak orang lain');
    expect(tg.customerId).toBeNull();
    await tg.contact('+6281277005014', true);
    await tg.tap('Lewati');
    await tg.tap('Lewati');
    expect(tg.said).toContain('akun Anda langsung tersambung, Kak Ibu Rahma');
    expect(tg.customerId).toBe(walkIn.id);
  });

  it('on WhatsApp without a phone in the chat id (@lid), the hint is to write from that number', async () => {
    const walkIn = await createCustomerByStaff(database.db, { name: 'Pak Hendra', phone: '081277005015' });
    const wa = chatWithOutbox({ channel: 'whatsapp', externalId: '201234567890015@lid' });
    await wa.typePhone('Hendra', '0812 7700 5015');
    expect(wa.step).toBe('reg.staff');
    expect(wa.said).toContain('kirim pesan ke kami dari WhatsApp nomor +62 812-7700-5015');
    expect(wa.customerId).toBeNull();
    expect(await identitiesOf(walkIn.id)).toEqual([]);
  });

  it('in English too', async () => {
    await createCustomerByStaff(database.db, { name: 'John', phone: '081277005016' });
    const web = chatWithOutbox({ channel: 'web', externalId: 'web-5016' }, 'en');
    await web.typePhone('John', '081277005016');
    expect(web.said).toContain('This number is already on file at the studio, but not connected to any chat');
    expect(web.said).toMatch(/Your connection code: \d{6}/);
  });
});
