import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimitRedis, createWebChatApp, type WebChatDeps } from '../../bots/web/index.ts';
import { customers, files, paymentProofs, products, reservations, webMessages } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { FIXED_NOW, pngBytes } from '../conversation/driver.ts';
import { createTestDatabase, type TestDatabase, uniqueQueuePrefix } from '../helpers/db.ts';
import { testServices } from '../helpers/services.ts';

let database: TestDatabase;
let app: Hono;

/** The chat app as these tests run it: fixed clock, silent log, and `extra` (a rate limit). */
const chatApp = (extra: Partial<WebChatDeps> = {}) =>
  createWebChatApp({
    db: database.db,
    secret: 'a-test-secret-that-is-long-enough-1234567890',
    timeZone: 'Asia/Jakarta',
    defaultLocale: 'id',
    clock: () => FIXED_NOW,
    log: pino({ level: 'silent' }),
    ...extra,
  });

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
  app = chatApp();
});
afterAll(() => database.drop());

interface Message {
  id: number;
  direction: 'in' | 'out';
  payload: { type: string; text?: string; caption?: string; label?: string; fileId?: number; choices?: { id: string; label: string }[][] };
}

/** A browser: keeps the chat cookie and the last message id, like the page's script. */
function browser(options: { headers?: Record<string, string>; app?: Hono; address?: string } = {}) {
  let cookie = '';
  let lastId = 0;
  let latest: Message[] = [];
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await (options.app ?? app).request(
      `http://localhost${path}`,
      {
        ...init,
        headers: { ...options.headers, ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
      },
      // What @hono/node-server hands the app: the socket the request came on.
      options.address ? { incoming: { socket: { remoteAddress: options.address } } } : undefined,
    );
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return response;
  };
  const post = async (path: string, body: unknown) => {
    const response = await request(`${path}?after=${lastId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      latest = ((await response.json()) as { messages: Message[] }).messages;
      lastId = Math.max(lastId, ...latest.map((m) => m.id));
    }
    return response;
  };
  const b = {
    request,
    get cookie() {
      return cookie;
    },
    setCookie: (value: string) => {
      cookie = value;
    },
    say: (text: string) => post('/api/message', { text }),
    choose: (id: string, label?: string) => post('/api/choice', { id, label }),
    tap: async (label: string) => {
      const choice = latest.flatMap((m) => m.payload.choices?.flat() ?? []).find((c) => c.label.includes(label));
      if (!choice) throw new Error(`no button ${label}`);
      return post('/api/choice', { id: choice.id, label: choice.label });
    },
    photo: async (bytes: Uint8Array, name = 'bukti.png', type = 'image/png') => {
      const form = new FormData();
      form.append('photo', new Blob([new Uint8Array(bytes)], { type }), name);
      const response = await request(`/api/photo?after=${lastId}`, { method: 'POST', body: form });
      if (response.ok) {
        latest = ((await response.json()) as { messages: Message[] }).messages;
        lastId = Math.max(lastId, ...latest.map((m) => m.id));
      }
      return response;
    },
    get said() {
      return latest
        .filter((m) => m.direction === 'out')
        .map((m) => m.payload.text ?? m.payload.caption ?? '')
        .join('\n');
    },
    get latest() {
      return latest;
    },
  };
  return b;
}

describe('web chat routes', () => {
  it('GET /chat serves the page and a signed HttpOnly cookie scoped to /chat', async () => {
    const response = await app.request('http://localhost/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Potret Studio Tanjungpinang');
    expect(html).toContain('/chat/static/chat.js');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^potret_chat=[^;]+\.[^;]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/chat');
  });

  it('speaks English to an English browser', async () => {
    const html = await (await app.request('http://localhost/', { headers: { 'accept-language': 'en-US,en;q=0.9' } })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Type a message…');
    const response = await app.request('http://localhost/api/message', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en-GB' },
      body: JSON.stringify({ text: '/start' }),
    });
    const { messages } = (await response.json()) as { messages: Message[] };
    expect(messages.map((m) => m.payload.text ?? '').join(' ')).toContain('may I have your name?');
  });

  it('a new visitor reads Indonesian unless the browser prefers English first and lists no Indonesian', async () => {
    const pageLang = async (acceptLanguage?: string) => {
      const html = await (await app.request('http://localhost/', acceptLanguage ? { headers: { 'accept-language': acceptLanguage } } : {})).text();
      return /<html lang="(\w+)">/.exec(html)?.[1];
    };
    expect(await pageLang('en-US,en;q=0.9')).toBe('en');
    expect(await pageLang('en-GB')).toBe('en');
    expect(await pageLang('en-US,en;q=0.9,id;q=0.8')).toBe('id');
    expect(await pageLang('en-US,in;q=0.5')).toBe('id');
    expect(await pageLang('id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('id');
    expect(await pageLang('ms-MY,en;q=0.8')).toBe('id');
    expect(await pageLang('id;q=0.4,en;q=0.9')).toBe('id');
    expect(await pageLang(undefined)).toBe('id');
    // The chat itself starts the same way.
    const b = browser({ headers: { 'accept-language': 'en-US,en;q=0.9,id;q=0.8' } });
    await b.say('/start');
    expect(b.said).toContain('selamat datang di Potret Studio Tanjungpinang');
  });

  it('the in-chat language switch is kept and wins over the browser afterwards', async () => {
    const english = browser({ headers: { 'accept-language': 'en-US,en;q=0.9' } });
    await english.say('/start');
    await english.say('Ellen');
    await english.say('0812 7700 8101');
    await english.tap('Skip');
    await english.tap('Skip');
    await english.tap('Bahasa Indonesia');
    expect(english.said).toContain('Bahasa diganti ke Bahasa Indonesia');
    const page = await (await english.request('/')).text();
    expect(page).toContain('<html lang="id">');
    expect(page).toContain('Tulis pesan…');
    await english.say('/menu');
    expect(english.said).toContain('Ada yang bisa kami bantu?');

    // And the other way: an Indonesian browser that chose English, before registering (/bahasa).
    const indonesian = browser({ headers: { 'accept-language': 'id-ID,id;q=0.9' } });
    await indonesian.say('/start');
    await indonesian.say('/bahasa');
    expect((await (await indonesian.request('/')).text())).toContain('<html lang="en">');
    await indonesian.say('Irma');
    expect(indonesian.said).toContain('phone');
    const noPhoto = await indonesian.request('/api/photo', { method: 'POST', body: new FormData() });
    expect(await noPhoto.json()).toMatchObject({ fields: [{ field: 'photo', message: expect.not.stringContaining('Pilih foto') }] });
  });

  it('a referral link (?ref=CODE) is handed to the page for its first /start; junk is dropped', async () => {
    expect(await (await app.request('http://localhost/?ref=AB12CD')).text()).toContain('data-referral="AB12CD"');
    expect(await (await app.request('http://localhost/?ref=%3Cscript%3E')).text()).toContain('data-referral=""');
  });

  it('registers with a typed phone, books and uploads a proof through the JSON endpoints', async () => {
    const b = browser();
    await b.say('/start');
    expect(b.latest[0]).toMatchObject({ direction: 'in', payload: { type: 'text', text: '/start' } });
    expect(b.said).toContain('selamat datang di Potret Studio Tanjungpinang');
    await b.say('Wulan');
    expect(b.latest.at(-1)?.payload.type).toBe('askContact');
    await b.say('0812 7700 8001');
    await b.tap('Lewati');
    await b.tap('Lewati');
    expect(b.said).toContain('Selamat bergabung, Kak Wulan');
    await b.tap('Reservasi');
    expect(b.latest[0]).toMatchObject({ direction: 'in', payload: { type: 'choice', label: '🗓️ Reservasi' } });
    await b.tap('Foto Studio Personal');
    await b.tap('Sab, 5 Des');
    await b.tap('11.00');
    await b.tap('Tidak, lanjut');
    await b.tap('Konfirmasi');
    expect(b.said).toContain('BCA 8120 555 021');
    const response = await b.photo(await pngBytes());
    expect(response.status).toBe(200);
    expect(b.said).toContain('menunggu konfirmasi');
    const [customer] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277008001'));
    const [booking] = await database.db.select().from(reservations).where(eq(reservations.customerId, customer!.id));
    expect(booking).toMatchObject({ status: 'awaiting_confirmation', channel: 'web' });
    expect(await database.db.select().from(paymentProofs).where(eq(paymentProofs.reservationId, booking!.id))).toHaveLength(1);

    // The whole conversation is there for a reload, in order.
    const all = (await (await b.request('/api/messages?after=0')).json()) as { messages: Message[] };
    expect(all.messages.length).toBeGreaterThan(20);
    expect(all.messages.map((m) => m.id)).toEqual([...all.messages.map((m) => m.id)].sort((x, y) => x - y));
  });

  it('messages the studio sends on its own (web_messages) appear on the next poll', async () => {
    const b = browser();
    await b.say('/start');
    const last = b.latest.at(-1)!.id;
    const thread = `web:${decodeURIComponent(b.cookie.split('=')[1]!).split('.')[0]}`;
    await database.db.insert(webMessages).values({
      thread,
      direction: 'out',
      payload: { type: 'text', text: 'Balasan staf: pesanan Anda sudah kami cek.' },
    });
    const polled = (await (await b.request(`/api/messages?after=${last}`)).json()) as { messages: Message[] };
    expect(polled.messages.map((m) => m.payload.text)).toEqual(['Balasan staf: pesanan Anda sudah kami cek.']);
  });

  it('bad input gets 400 with the field and its message; nothing is stored', async () => {
    const b = browser();
    await b.say('/start');
    const before = (await database.db.select().from(webMessages)).length;
    const empty = await b.say('   ');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ fields: [{ field: 'text', message: 'Pesan tidak boleh kosong' }] });
    const long = await b.say('x'.repeat(2001));
    expect(long.status).toBe(400);
    const notJson = await b.request('/api/message', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    const bigId = await b.choose('x'.repeat(65));
    expect(bigId.status).toBe(400);
    expect(await bigId.json()).toMatchObject({ fields: [{ field: 'id' }] });
    const noPhoto = await b.request('/api/photo', { method: 'POST', body: new FormData() });
    expect(noPhoto.status).toBe(400);
    expect(await noPhoto.json()).toMatchObject({ fields: [{ field: 'photo', message: 'Pilih foto dulu ya.' }] });
    const badAfter = await b.request('/api/messages?after=abc');
    expect(badAfter.status).toBe(400);
    const huge = await b.photo(new Uint8Array(11 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect((await database.db.select().from(webMessages)).length).toBe(before);
  });

  it('an English chat reads those messages in English', async () => {
    const b = browser({ headers: { 'accept-language': 'en-US,en;q=0.9' } });
    await b.say('/start');
    const empty = await b.say('   ');
    expect(await empty.json()).toMatchObject({ fields: [{ field: 'text', message: 'Please type a message' }] });
    const long = await b.say('x'.repeat(2001));
    expect(await long.json()).toMatchObject({
      fields: [{ field: 'text', message: 'Message too long (max. 2000 characters)' }],
    });
  });

  it('a non-image upload is answered in the chat and stores no file', async () => {
    const b = browser();
    await b.say('/start');
    await b.say('Xena');
    await b.say('081277008002');
    await b.tap('Lewati');
    await b.tap('Lewati');
    await b.tap('Reservasi');
    await b.tap('Foto Studio Personal');
    await b.tap('Sab, 5 Des');
    await b.tap('12.00');
    await b.tap('Tidak, lanjut');
    await b.tap('Konfirmasi');
    const filesBefore = (await database.db.select({ id: files.id }).from(files)).length;
    const pdf = await b.photo(new TextEncoder().encode('%PDF-1.4 not an image'), 'bukti.pdf', 'application/pdf');
    expect(pdf.status).toBe(200);
    expect(b.said).toContain('harus berupa foto');
    const disguised = await b.photo(new TextEncoder().encode('plain text'), 'bukti.png', 'image/png');
    expect(disguised.status).toBe(200);
    expect(b.said).toContain('harus berupa foto');
    expect((await database.db.select({ id: files.id }).from(files)).length).toBe(filesBefore);
  });

  it('a tampered cookie starts a new chat; someone else’s thread stays private', async () => {
    const a = browser();
    await a.say('/start');
    const b = browser();
    b.setCookie(a.cookie.replace(/\.[^.]+$/, '.forged'));
    const response = await b.request('/api/messages?after=0');
    expect(((await response.json()) as { messages: Message[] }).messages).toEqual([]);
    expect(b.cookie).not.toBe(a.cookie);
  });

  it('serves product photos, never proofs', async () => {
    const [product] = await database.db.select().from(products).limit(1);
    const photo = await app.request(`http://localhost/files/${product!.photoFileId}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    const [proof] = await database.db.select().from(paymentProofs).limit(1);
    expect(proof).toBeDefined();
    expect((await app.request(`http://localhost/files/${proof!.fileId}`)).status).toBe(404);
    expect((await app.request('http://localhost/files/abc')).status).toBe(404);
  });
});

describe('web chat rate limit', () => {
  const redis = createRateLimitRedis(testServices.redisUrl);
  afterAll(() => redis.quit());
  // chatApp's fixed clock keeps every request in one window, whenever the test runs.
  const limited = (prefix = uniqueQueuePrefix('webchat-rate')) =>
    chatApp({
      rateLimit: { redis, prefix, perChat: { limit: 3, windowSeconds: 60 }, perIp: { limit: 5, windowSeconds: 60 } },
    });

  it('too many messages from one chat: 429 with a friendly Indonesian message, nothing stored; reading still works', async () => {
    const app = limited();
    const b = browser({ app, address: '203.0.113.10' });
    await b.say('/start');
    await b.say('Rara');
    await b.say('0812 7700 8201');
    const stored = (await database.db.select().from(webMessages)).length;
    const refused = await b.say('Lewati');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi ya.' });
    expect((await b.choose('x')).status).toBe(429);
    expect((await database.db.select().from(webMessages)).length).toBe(stored);
    expect((await b.request('/api/messages?after=0')).status).toBe(200);
    // Another chat from elsewhere is not held up by this one.
    expect((await browser({ app, address: '203.0.113.11' }).say('/start')).status).toBe(200);
  });

  it('many chats from one address are limited together; X-Forwarded-For is ignored unless TRUST_PROXY is on', async () => {
    const app = limited();
    const statuses = async (address: string, count: number, headers: (i: number) => Record<string, string> = () => ({})) => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push((await browser({ app, address, headers: headers(i) }).say('/start')).status);
      return out;
    };
    expect(await statuses('198.51.100.7', 6)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await statuses('198.51.100.8', 1)).toEqual([200]);
    // A client on this machine (a loopback peer) rotating made-up headers is still one address.
    const rotating = (i: number) => ({ 'x-forwarded-for': `198.51.100.${30 + i}` });
    expect(await statuses('127.0.0.1', 7, rotating)).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it('with TRUST_PROXY each visitor behind the proxy counts on their own, by the address the proxy appended', async () => {
    const prefix = uniqueQueuePrefix('webchat-rate');
    const app = chatApp({
      trustProxy: true,
      rateLimit: { redis, prefix, perChat: { limit: 3, windowSeconds: 60 }, perIp: { limit: 5, windowSeconds: 60 } },
    });
    const statuses = async (count: number, forwardedFor: (i: number) => string) => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const b = browser({ app, address: '127.0.0.1', headers: { 'x-forwarded-for': forwardedFor(i) } });
        out.push((await b.say('/start')).status);
      }
      return out;
    };
    expect(await statuses(6, () => '198.51.100.20')).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await statuses(1, () => '198.51.100.21')).toEqual([200]);
    // Entries the client wrote itself come before the proxy's: rotating them does not escape.
    expect(await statuses(2, (i) => `10.9.9.${i}, 198.51.100.20`)).toEqual([429, 429]);
  });

  it('when Redis is away the chat keeps working', async () => {
    const away = createRateLimitRedis('redis://127.0.0.1:1');
    try {
      const app = chatApp({ rateLimit: { redis: away, prefix: 'unused', perChat: { limit: 1, windowSeconds: 60 } } });
      const b = browser({ app, address: '203.0.113.12' });
      expect((await b.say('/start')).status).toBe(200);
      expect((await b.say('Sasa')).status).toBe(200);
    } finally {
      away.disconnect();
    }
  });
});
