import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSessions, customers, files, paymentProofs } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { t } from '../../src/i18n/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { chat, pngBytes, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

const unreadable = t('id', 'errors.TEXT_UNREADABLE');
/** A NUL (no Postgres text column takes it) and half an emoji's surrogate pair (jsonb refuses it). */
const broken = ['Sari\u0000', 'Sari \ud83d'];

describe('text Postgres cannot keep: a kind answer and the current step, state intact', () => {
  it('at the name question, each is refused; the name typed next is kept', async () => {
    const c = chat(testRuntime(database.db), '5201');
    await c.command('start');
    expect(c.step).toBe('reg.name');
    for (const text of broken) {
      await c.text(text);
      expect(c.said).toContain(unreadable);
      expect(c.said).toContain('boleh tahu nama Anda');
      expect(c.step).toBe('reg.name');
    }
    await c.text('Sari');
    expect(c.step).toBe('reg.phone');
    expect(c.last.session.data.name).toBe('Sari');
  });

  it('at a choice step: a typed text, a button id and a command payload, with the booking draft kept', async () => {
    const c = chat(testRuntime(database.db), '5202');
    await registerViaChat(c, 'Yuli', '+6281277005202');
    await c.tap('Reservasi');
    await c.tap('Foto Studio Personal');
    await c.choose('bk:d:2026-12-10');
    expect(c.step).toBe('bk.slot');
    const draft = c.last.session.data;
    for (const send of [
      () => c.text('jam 10 \ud83d'),
      () => c.choose('bk:s:\u0000'),
      () => c.command('start', 'ref_\u0000'),
    ]) {
      await send();
      expect(c.said).toContain(unreadable);
      expect(c.said).toContain('Pilih jam');
      expect(c.step).toBe('bk.slot');
      expect(c.last.session.data.date).toBe(draft.date);
      expect(c.last.session.data.productId).toBe(draft.productId);
    }
    // The session row as saved holds nothing of it.
    const [row] = await database.db
      .select()
      .from(chatSessions)
      .where(eq(chatSessions.thread, 'telegram:5202'));
    expect(JSON.stringify(row!.data)).not.toMatch(/\\u0000|\\ud83d/i);
  });

  it('a platform name with them is made readable; a photo’s file name with them is dropped, the proof kept', async () => {
    const c = chat(testRuntime(database.db), '5203');
    const asTelegram = { displayName: 'Ani\u0000 Lestari \ud83d' };
    await c.send({ type: 'command', name: 'start' }, asTelegram);
    expect(c.step).toBe('reg.name');
    await c.send({ type: 'choice', id: c.buttonId('Ani') }, asTelegram);
    expect(c.step).toBe('reg.phone');
    expect(c.last.session.data.name).toBe('Ani Lestari \ufffd');
    await c.send({ type: 'contact', phone: '+6281277005203', own: true }, asTelegram);
    await c.tap('Lewati');
    await c.tap('Lewati');
    expect(c.step).toBe('menu');
    const [customer] = await database.db
      .select()
      .from(customers)
      .where(eq(customers.id, c.last.session.customerId!));
    expect(customer!.name).toBe('Ani Lestari \ufffd');

    await c.tap('Reservasi');
    await c.tap('Foto Studio Personal');
    await c.choose('bk:d:2026-12-10');
    await c.tap('11.00');
    await c.tap(/lanjut/i);
    await c.tap('Konfirmasi');
    const reservationId = c.last.session.data.reservationId as number;
    await c.photo(await pngBytes(), { mime: 'image/png', fileName: 'bukti\u0000.png' });
    expect(c.said).toContain('menunggu konfirmasi');
    const kept = await database.db
      .select({ name: files.originalName })
      .from(paymentProofs)
      .innerJoin(files, eq(files.id, paymentProofs.fileId))
      .where(eq(paymentProofs.reservationId, reservationId));
    expect(kept).toEqual([{ name: null }]);
  });
});
