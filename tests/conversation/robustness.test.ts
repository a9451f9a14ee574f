import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '../../bots/conversation/index.ts';
import { chatSessions, files, paymentProofs, reservations } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type ChatDriver, chat, pngBytes, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

const fileCount = async () => (await database.db.select({ n: count() }).from(files))[0]!.n;
const proofCount = async () => (await database.db.select({ n: count() }).from(paymentProofs))[0]!.n;

async function toSlotStep(c: ChatDriver) {
  await c.command('menu');
  await c.tap('Reservasi');
  await c.tap('Foto Studio Personal');
  await c.choose('bk:d:2026-12-10');
}

async function toProofStep(c: ChatDriver, time: string) {
  await toSlotStep(c);
  await c.tap(time);
  await c.tap(/lanjut/i);
  await c.tap('Konfirmasi');
  expect(c.step).toBe('bk.proof');
}

describe('unexpected input at any step: a short friendly reply, the way back, state intact, nothing stored', () => {
  it('sticker, voice, video, random text, unknown command, a contact, at choice steps', async () => {
    const c = chat(testRuntime(database.db), '4001');
    await c.command('start');
    await c.send({ type: 'unsupported', kind: 'voice' });
    expect(c.said).toContain('belum bisa membaca stiker, pesan suara');
    expect(c.step).toBe('reg.name');
    await registerViaChat(c, 'Vina', '+6281277004001');
    await toSlotStep(c);
    const before = c.last.session.data;
    for (const input of [
      { type: 'unsupported', kind: 'sticker' },
      { type: 'unsupported', kind: 'video' },
      { type: 'text', text: 'hmm gimana ya' },
      { type: 'command', name: 'foo' },
      { type: 'contact', phone: '+6281277004999', own: true },
    ] as const) {
      await c.send(input);
      expect(c.step).toBe('bk.slot');
      expect(c.said).toContain('Pilih jam');
      expect(c.buttons.some((b) => b.id === 'x')).toBe(true);
    }
    expect(c.last.session.data.date).toBe(before.date);
    expect(c.said).toContain('nomor HP belum diperlukan');
  });

  it('a button from an old message: "tombol itu sudah tidak berlaku" and the current step again', async () => {
    const c = chat(testRuntime(database.db), '4002');
    await registerViaChat(c, 'Wati', '+6281277004002');
    await toSlotStep(c);
    const oldSlot = c.buttonId('13.00');
    const oldDate = 'bk:d:2026-12-11';
    await c.tap('14.00');
    expect(c.step).toBe('bk.addons');
    await c.choose(oldSlot);
    expect(c.said).toContain('Tombol itu sudah tidak berlaku');
    expect(c.step).toBe('bk.addons');
    expect(c.last.session.data.startAt).toBe('2026-12-10T07:00:00.000Z');
    await c.choose(oldDate);
    expect(c.said).toContain('Tombol itu sudah tidak berlaku');
    await c.choose('zz:something-we-never-sent');
    expect(c.said).toContain('Tombol itu sudah tidak berlaku');
    expect(c.step).toBe('bk.addons');
  });

  it('forged or outdated ids inside a step are refused without harm', async () => {
    const c = chat(testRuntime(database.db), '4003');
    await registerViaChat(c, 'Yeni', '+6281277004003');
    await toSlotStep(c);
    await c.choose('bk:s:2026-12-10T01:30Z'); // not on the grid
    expect(c.said).toContain('jam itu sudah tidak tersedia');
    await c.choose('bk:s:not-a-time');
    expect(c.step).toBe('bk.slot');
    await c.command('menu');
    await c.tap('Reservasi Saya');
    await c.choose('my:r:99999');
    expect(c.said).toContain('reservasi itu tidak ditemukan');
    expect(c.step).toBe('my.list');
  });

  it('at the proof step: an oversized file is refused before download, a non-image is refused, nothing is stored', async () => {
    const c = chat(testRuntime(database.db), '4004');
    await registerViaChat(c, 'Zaki', '+6281277004004');
    await toProofStep(c, '09.00');
    const filesBefore = await fileCount();
    let downloaded = false;
    await c.send({
      type: 'photo',
      size: 15 * 1024 * 1024,
      load: async () => {
        downloaded = true;
        return new Uint8Array(10);
      },
    });
    expect(c.said).toContain('terlalu besar (maksimal 10 MB)');
    expect(downloaded).toBe(false);
    expect(c.step).toBe('bk.proof');

    await c.photo(new Uint8Array(11 * 1024 * 1024)); // no declared size, too big once loaded
    expect(c.said).toContain('terlalu besar');

    await c.send({ type: 'photo', mime: 'application/pdf', fileName: 'bukti.pdf', load: async () => new Uint8Array(3) });
    expect(c.said).toContain('harus berupa foto');

    await c.photo(new TextEncoder().encode('bukan gambar sama sekali'), { mime: 'image/jpeg' });
    expect(c.said).toContain('harus berupa foto');

    await c.send({ type: 'unsupported', kind: 'document' });
    expect(c.said).toContain('kirim sebagai foto');
    expect(c.step).toBe('bk.proof');
    expect(await fileCount()).toBe(filesBefore);

    await c.photo(await pngBytes());
    expect(c.said).toContain('menunggu konfirmasi');
    const proofs = await proofCount();
    await c.photo(await pngBytes()); // a second photo, now at the menu
    expect(c.said).toContain('belum diperlukan di sini');
    expect(await proofCount()).toBe(proofs);
  });

  it('a step whose domain call fails rolls back everything it wrote (no orphan photo) and stays put', async () => {
    const rt = testRuntime(database.db);
    const owner = chat(rt, '4005');
    await registerViaChat(owner, 'Pemilik', '+6281277004005');
    await toProofStep(owner, '10.00');
    const othersReservation = Number(owner.last.session.data.reservationId);

    const c = chat(rt, '4006');
    await registerViaChat(c, 'Penyusup', '+6281277004006');
    await c.tap('Keluhan');
    // A forged callback naming someone else's booking.
    await c.choose(`kel:r:${othersReservation}`);
    await c.text('Isi keluhan');
    const filesBefore = await fileCount();
    await c.photo(await pngBytes());
    expect(c.said).toContain('reservasi itu tidak ditemukan');
    expect(c.step).toBe('kel.photo');
    expect(await fileCount()).toBe(filesBefore);
    // The same booking through a forged "my bookings" button: not shown, and the chat stays put.
    await c.choose(`my:r:${othersReservation}`);
    expect(c.said).toContain('reservasi itu tidak ditemukan');
    expect(c.said).not.toContain('Status:');
    expect(c.step).toBe('kel.photo');
  });
});

describe('the chat lock and redelivery', () => {
  it('a redelivered update id is handled once', async () => {
    const rt = testRuntime(database.db);
    const c = chat(rt, '4007');
    await registerViaChat(c, 'Dupli', '+6281277004007');
    const first = await runTurn(rt, { channel: 'telegram', externalId: '4007', updateId: 'u-77', input: { type: 'choice', id: 'm:bk' } });
    const again = await runTurn(rt, { channel: 'telegram', externalId: '4007', updateId: 'u-77', input: { type: 'choice', id: 'm:bk' } });
    expect(first.duplicate).toBe(false);
    expect(first.replies.length).toBeGreaterThan(0);
    expect(again).toMatchObject({ duplicate: true, replies: [] });
    const [row] = await database.db.select().from(chatSessions).where(eq(chatSessions.thread, 'telegram:4007'));
    expect(row?.version).toBe(first.session.version);
  });

  it('quick taps on "Konfirmasi" book once; the later taps read as an old button', async () => {
    const rt = testRuntime(database.db);
    const c = chat(rt, '4008');
    await registerViaChat(c, 'Cepat', '+6281277004008');
    await toSlotStep(c);
    await c.tap('11.00');
    await c.tap(/lanjut/i);
    const tap = () => runTurn(rt, { channel: 'telegram', externalId: '4008', input: { type: 'choice', id: 'bk:ok' } });
    const results = await Promise.all([tap(), tap(), tap(), tap(), tap()]);
    const booked = await database.db.select().from(reservations).where(eq(reservations.customerId, c.last.session.customerId!));
    expect(booked).toHaveLength(1);
    const texts = results.map((r) => r.replies.map((m) => (m.type === 'photo' ? m.caption : m.text)).join(' '));
    expect(texts.filter((t) => t.includes('sudah kami catat'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Tombol itu sudah tidak berlaku'))).toHaveLength(4);
    // Each tap saw the session the previous one saved.
    const versions = results.map((r) => r.session.version).sort((x, y) => x - y);
    expect(versions).toEqual([0, 1, 2, 3, 4].map((i) => versions[0]! + i));
  });
});
