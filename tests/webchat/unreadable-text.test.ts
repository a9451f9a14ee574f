import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebChatApp } from '../../bots/web/index.ts';
import { webMessages } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { t } from '../../src/i18n/index.ts';
import { FIXED_NOW } from '../conversation/driver.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

interface Message {
  direction: 'in' | 'out';
  payload: { type: string; text?: string; label?: string };
}

describe('web chat: a NUL or a lone surrogate in the JSON gets the chat’s kind answer, not a 500', () => {
  it('the typed text and a button’s label, at the name question; the bubble is kept readable', async () => {
    const app = createWebChatApp({
      db: database.db,
      secret: 'a-test-secret-that-is-long-enough-1234567890',
      timeZone: 'Asia/Jakarta',
      defaultLocale: 'id',
      clock: () => FIXED_NOW,
      log: pino({ level: 'silent' }),
    });
    let cookie = '';
    const post = async (path: string, body: unknown) => {
      const response = await app.request(`http://localhost${path}`, {
        method: 'POST',
        // JSON.stringify writes a lone surrogate as the escape "\ud83d", which JSON.parse turns back into one.
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      cookie ||= response.headers.get('set-cookie')?.split(';')[0] ?? '';
      return response;
    };
    await post('/api/message', { text: '/start' });
    for (const text of ['Sari\u0000', 'Sari \ud83d']) {
      const response = await post('/api/message', { text });
      expect(response.status).toBe(200);
      const { messages } = (await response.json()) as { messages: Message[] };
      const said = messages.filter((m) => m.direction === 'out').map((m) => m.payload.text ?? '');
      expect(said.join('\n')).toContain(t('id', 'errors.TEXT_UNREADABLE'));
      expect(said.join('\n')).toContain('boleh tahu nama Anda');
    }
    const chosen = await post('/api/choice', { id: 'x\u0000', label: 'Batal \ud83d' });
    expect(chosen.status).toBe(200);
    const bubbles = await database.db
      .select({ payload: webMessages.payload })
      .from(webMessages)
      .where(eq(webMessages.direction, 'in'));
    expect(bubbles.map((b) => b.payload)).toEqual([
      { type: 'text', text: '/start' },
      { type: 'text', text: 'Sari' },
      { type: 'text', text: 'Sari \ufffd' },
      { type: 'choice', label: 'Batal \ufffd' },
    ]);
  });
});
