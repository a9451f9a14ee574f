import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCache } from '../../bots/conversation/index.ts';
import { guessable } from '../../bots/conversation/session-cache.ts';
import { queueSessionSave } from '../../bots/conversation/session-store.ts';
import { pipelinedTransaction } from '../../db/pipelined-transaction.ts';
import type { ChatSession } from '../../bots/conversation/types.ts';
import { chatSessions, processedUpdates } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { chat, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

const storedStep = async (thread: string) =>
  (await database.db.select().from(chatSessions).where(eq(chatSessions.thread, thread)))[0];

/**
 * A process remembers the sessions it saved and starts a step on them before the database answers;
 * what the customer gets must still follow the session the database holds.
 */
describe('turns on a remembered session', () => {
  it('a chat moved on by another process is answered from where it really is', async () => {
    const remembering = chat(testRuntime(database.db, { sessions: createSessionCache() }), '4301');
    await registerViaChat(remembering, 'Sari', '+6281277004301');
    await remembering.command('menu');
    const packageTap = remembering.buttonId('Reservasi');

    // Another process (no shared memory) takes the same chat to the package list meanwhile.
    const other = chat(testRuntime(database.db), '4301');
    await other.choose(packageTap);
    expect(other.step).toBe('bk.product');
    const pickPackage = other.buttonId('Foto Studio Personal');

    // The first process still remembers the menu; the package tap is valid only where the chat is now.
    await remembering.choose(pickPackage);
    expect(remembering.step).toBe('bk.date');
    expect(remembering.said).toContain('tanggal');
    expect(await storedStep('telegram:4301')).toMatchObject({ step: 'bk.date', version: other.last.session.version + 1 });

    // And it remembers the real session from now on: the next tap goes on from the date step.
    await remembering.choose(remembering.buttons.find((b) => b.id.startsWith('bk:d:'))!.id);
    expect(remembering.step).toBe('bk.slot');
  });

  it("a chat whose session was deleted (the customer's data removed) starts again, nothing half-kept", async () => {
    const runtime = testRuntime(database.db, { sessions: createSessionCache() });
    const c = chat(runtime, '4302');
    await registerViaChat(c, 'Dina', '+6281277004302');
    await c.tap('Reservasi');
    expect(c.step).toBe('bk.product');
    await database.db.delete(chatSessions).where(eq(chatSessions.thread, 'telegram:4302'));

    await c.command('menu');
    expect(c.step).toBe('menu');
    expect(await storedStep('telegram:4302')).toMatchObject({ step: 'menu', version: 1 });
  });

  it('a redelivered update is still handled once', async () => {
    const runtime = testRuntime(database.db, { sessions: createSessionCache() });
    const c = chat(runtime, '4303');
    await registerViaChat(c, 'Rani', '+6281277004303');
    const first = await c.send({ type: 'choice', id: c.buttonId('Reservasi') }, { updateId: 'tg:4303:1' });
    expect(first.duplicate).toBe(false);
    const before = await storedStep('telegram:4303');

    const again = await c.send({ type: 'choice', id: 'menu' }, { updateId: 'tg:4303:1' });
    expect(again.duplicate).toBe(true);
    expect(again.replies).toEqual([]);
    expect(await storedStep('telegram:4303')).toMatchObject({ step: before!.step, version: before!.version });
    const claims = await database.db.select().from(processedUpdates).where(eq(processedUpdates.updateId, 'tg:4303:1'));
    expect(claims).toHaveLength(1);
  });
});

describe('the session cache', () => {
  const session = (thread: string, step: string, customerId: number | null = 7): ChatSession => ({
    thread,
    channel: 'telegram',
    externalId: thread.split(':')[1]!,
    customerId,
    step,
    data: { when: new Date('2026-12-05T03:00:00Z'), gone: undefined },
    locale: 'id',
    version: 3,
  });

  it('holds what the database gives back: the saved session’s data through JSON, not the step’s objects', async () => {
    const cache = createSessionCache();
    await pipelinedTransaction(database.db, async (tx) => {
      const saved = queueSessionSave(tx, { ...session('telegram:4399', 'menu', null), version: 0 });
      cache.set(saved.session);
      await saved.done;
    });
    expect(cache.get('telegram:4399')!.data).toEqual({ when: '2026-12-05T03:00:00.000Z' });
    expect((await storedStep('telegram:4399'))!.data).toEqual({ when: '2026-12-05T03:00:00.000Z' });
  });

  it('stops guessing for a chat whose guess was wrong, even after later saves', () => {
    const cache = createSessionCache();
    cache.set(session('telegram:2', 'menu'));
    cache.distrust('telegram:2');
    cache.set(session('telegram:2', 'bk.date'));
    cache.delete('telegram:2');
    expect(cache.get('telegram:2')).toBeUndefined();
    cache.set(session('telegram:3', 'menu'));
    expect(cache.get('telegram:3')?.step).toBe('menu');
  });

  it('forgets the least recently used chat first', () => {
    const cache = createSessionCache(2);
    cache.set(session('telegram:4', 'menu'));
    cache.set(session('telegram:5', 'menu'));
    cache.get('telegram:4');
    cache.set(session('telegram:6', 'menu'));
    expect([cache.get('telegram:4'), cache.get('telegram:5'), cache.get('telegram:6')].map((s) => s?.thread)).toEqual([
      'telegram:4',
      undefined,
      'telegram:6',
    ]);
  });

  it('never guesses during registration, nor for a photo or a shared contact', () => {
    expect(guessable(session('telegram:7', 'menu'), 'choice')).toBe(true);
    expect(guessable(session('telegram:7', 'bk.proof'), 'photo')).toBe(false);
    expect(guessable(session('telegram:7', 'menu'), 'contact')).toBe(false);
    expect(guessable(session('telegram:7', 'reg.phone', null), 'text')).toBe(false);
    expect(guessable(session('telegram:7', 'start', null), 'command')).toBe(false);
  });
});
