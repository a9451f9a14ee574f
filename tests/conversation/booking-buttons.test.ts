import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoStudio } from '../../db/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { chat, registerViaChat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

it('slot buttons show the time alone, also for a studio outside WIB/WITA/WIT whose zone has no short name', async () => {
  const c = chat(testRuntime(database.db, { timeZone: 'Asia/Singapore' }), '4101');
  await registerViaChat(c, 'Lina', '+6281277004101');
  await c.tap('Reservasi');
  await c.tap('Wisuda Personal');
  await c.choose('bk:d:2026-12-05');
  const slots = c.buttons.filter((b) => b.id.startsWith('bk:s:')).map((b) => b.label);
  expect(slots[0]).toBe('09.00');
  for (const label of slots) expect(label).toMatch(/^\d\d\.\d\d$/);
});

it('an older "Tidak, lanjut" tapped after choosing an add-on goes on without add-ons, as it says', async () => {
  const c = chat(testRuntime(database.db), '4102');
  await registerViaChat(c, 'Maya', '+6281277004102');
  await c.tap('Reservasi');
  await c.tap('Wisuda Personal');
  await c.choose('bk:d:2026-12-05');
  await c.tap('14.00');
  const noAddons = c.buttonId('Tidak, lanjut');
  await c.tap(/Make Up/);
  expect(c.buttons.map((b) => b.label)).toContain('Lanjut ➡️');
  await c.choose(noAddons);
  expect(c.step).toBe('bk.summary');
  expect(c.said).not.toContain('Make Up');
  expect(c.said).toContain('Total: Rp 200.000');
});
