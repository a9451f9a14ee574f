import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '../../bots/conversation/index.ts';
import { queueSessionSave } from '../../bots/conversation/session-store.ts';
import { chatSessions, processedUpdates } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

describe('the session save at the end of a turn (sent together with the commit)', () => {
  it('keeps nothing of the turn when the session changed behind its back', async () => {
    const rt = testRuntime(database.db);
    const first = await runTurn(rt, { channel: 'telegram', externalId: '4101', input: { type: 'command', name: 'start' } });
    expect(first.session.version).toBe(1);

    // A writer holding a session loaded at version 0 (it did not hold the chat's lock).
    const stale = { ...first.session, version: 0, step: 'menu' };
    let done: Promise<void> | undefined;
    await database.db.transaction(async (tx) => {
      await tx.insert(processedUpdates).values({ channel: 'telegram', updateId: 'stale-write' });
      done = queueSessionSave(tx, stale).done;
    });
    await expect(done).rejects.toThrow(/changed while it was handled/);
    const marker = await database.db.select().from(processedUpdates).where(eq(processedUpdates.updateId, 'stale-write'));
    expect(marker).toHaveLength(0);
    const [row] = await database.db.select().from(chatSessions).where(eq(chatSessions.thread, 'telegram:4101'));
    expect(row).toMatchObject({ version: 1, step: first.session.step });
  });

  it('saves a brand-new chat and the turns after it in order', async () => {
    const rt = testRuntime(database.db);
    const turn = (input: Parameters<typeof runTurn>[1]['input']) =>
      runTurn(rt, { channel: 'telegram', externalId: '4102', input });
    await turn({ type: 'command', name: 'start' });
    const second = await turn({ type: 'text', text: 'Sari' });
    const [row] = await database.db.select().from(chatSessions).where(eq(chatSessions.thread, 'telegram:4102'));
    expect(row).toMatchObject({ version: 2, step: second.session.step });
  });
});
