import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCache } from '../../bots/conversation/index.ts';
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
