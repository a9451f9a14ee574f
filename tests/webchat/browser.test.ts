import { mkdir, writeFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpApp, listen } from '../../admin-web/http.ts';
import { createWebChatApp } from '../../bots/web/index.ts';
import { createWebSender } from '../../bots/web/sender.ts';
import { channelIdentities, customers, reservations } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { t } from '../../src/i18n/index.ts';
import { getSettings } from '../../src/settings/index.ts';
import { FIXED_NOW, pngBytes } from '../conversation/driver.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const ARTIFACTS = 'test-artifacts';
let database: TestDatabase;
let server: { port: number; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
  const log = pino({ level: 'silent' });
  const chat = createWebChatApp({
    db: database.db,
    secret: 'browser-test-secret-0123456789abcdef',
    timeZone: 'Asia/Jakarta',
    defaultLocale: 'id',
    clock: () => FIXED_NOW,
    log,
  });
  const app = createHttpApp({
    log,
    mounts: [{ path: '/chat', app: chat }],
    health: [],
    studioName: async () => 'Potret Studio Tanjungpinang',
  });
  server = await listen(app, { host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

/** Clicks a button in the newest set of choices, as a customer taps the latest message. */
async function tap(page: Page, label: string) {
  const button = page.locator('.choices:not(.old) .choice', { hasText: label }).first();
  await button.click();
  await page.locator('#typing').waitFor({ state: 'hidden' });
}

async function type(page: Page, text: string) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await page.locator('#typing').waitFor({ state: 'hidden' });
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/webchat-${name}.png` });

it('a new customer registers, books a slot and uploads the transfer proof on a phone-sized /chat', { timeout: 90_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID', deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/chat`);
  await page.getByText('Sebelum mulai, boleh tahu nama Anda?').waitFor();
  await shot(page, '1-welcome');

  await type(page, 'Citra Lestari');
  await page.getByText('Boleh minta nomor HP/WhatsApp Anda?').waitFor();
  expect(await page.getAttribute('#text', 'type')).toBe('tel');
  await type(page, '0812 7700 9001');
  await tap(page, 'Lewati');
  await tap(page, 'Lewati');
  await page.getByText('Selamat bergabung, Kak Citra Lestari').waitFor();
  await shot(page, '2-menu');

  await tap(page, 'Paket & Harga');
  await tap(page, 'Wisuda');
  await page.locator('.bubble img').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.bubble img')].every((img) => (img as HTMLImageElement).complete));
  await shot(page, '3-catalog');
  await tap(page, 'Pesan paket ini');
  await tap(page, 'Sab, 5 Des');
  await tap(page, '14.00');
  await tap(page, 'Make Up');
  await tap(page, 'Lanjut');
  await page.getByText('Total: Rp 320.000').waitFor();
  await shot(page, '4-summary');
  await tap(page, 'Konfirmasi reservasi');
  await page.getByText('BCA 8120 555 021', { exact: false }).waitFor();
  await shot(page, '5-hold');

  const proofPath = `${ARTIFACTS}/bukti-transfer.png`;
  await writeFile(proofPath, await pngBytes(320, 480));
  await page.setInputFiles('#photo', proofPath);
  await page.getByText('Status: menunggu konfirmasi').waitFor();
  await shot(page, '6-proof');

  const [customer] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277009001'));
  const [booking] = await database.db.select().from(reservations).where(eq(reservations.customerId, customer!.id));
  expect(booking).toMatchObject({ status: 'awaiting_confirmation', total: 320_000, channel: 'web' });

  // A reload shows the same conversation, from the cookie.
  const activeButtons = () => page.locator('.choices:not(.old)').allTextContents();
  const activeBeforeReload = await activeButtons();
  await page.reload();
  await page.getByText('Status: menunggu konfirmasi').waitFor();
  // After a reload the older buttons stay greyed out (an old 'Lanjut' would send a stale choice):
  // only the newest answer's buttons look active, as before the reload.
  expect(await page.locator('.choices.old').count()).toBeGreaterThan(5);
  expect(await activeButtons()).toEqual(activeBeforeReload);
  await context.close();
});

it('when the connection drops, the customer reads it in Indonesian and the typed text comes back', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/chat`);
  await page.getByText('Sebelum mulai, boleh tahu nama Anda?').waitFor();
  await page.route('**/chat/api/message*', (route) => route.abort('internetdisconnected'));
  await type(page, 'Dian Puspita');
  await page.getByText('Koneksi terputus. Coba lagi sebentar lagi ya.').waitFor();
  expect(await page.inputValue('#text')).toBe('Dian Puspita');
  await context.close();
});

it('links in the studio’s messages open safely in a new tab; markup and customers’ text stay plain text', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/chat`);
  await page.getByText('Sebelum mulai, boleh tahu nama Anda?').waitFor();
  await type(page, 'Eka Putri');
  await type(page, '0812 7700 9003');
  await tap(page, 'Lewati');
  await tap(page, 'Lewati');
  await page.getByText('Selamat bergabung, Kak Eka Putri').waitFor();
  await type(page, 'ini link saya https://contoh.id/saya');

  const [customer] = await database.db.select().from(customers).where(eq(customers.phone, '+6281277009003'));
  const [identity] = await database.db
    .select()
    .from(channelIdentities)
    .where(eq(channelIdentities.customerId, customer!.id));
  const { mapUrl } = await getSettings(database.db);
  const sender = createWebSender({ db: database.db });
  // The receipt's map line, and a staff reply quoting markup, a javascript: address and a link in brackets.
  await sender.deliver({ externalId: identity!.externalId }, { type: 'text', text: t('id', 'notifications.receipt.map', { url: mapUrl }) });
  await sender.deliver(
    { externalId: identity!.externalId },
    {
      type: 'text',
      text: 'Kata pelanggan: <img src=x onerror="window.__xss=1"> javascript:alert(1) https://contoh.id/a"onmouseover="window.__xss=2 (lihat https://id.wikipedia.org/wiki/Tanjungpinang_(kota)).',
    },
  );
  // The page polls every 3 s for messages the studio sends on its own.
  await page.getByText('Kata pelanggan:').waitFor();

  const map = page.locator('.row.out a', { hasText: mapUrl });
  expect(await map.count()).toBe(1);
  expect(await map.getAttribute('href')).toBe(mapUrl);
  expect(await map.getAttribute('target')).toBe('_blank');
  expect(await map.getAttribute('rel')).toBe('noopener noreferrer');
  await expect.poll(() => page.locator('.row.out', { hasText: 'Peta:' }).last().textContent()).toBe(`🗺️ Peta: ${mapUrl}`);

  const reply = page.locator('.row.out', { hasText: 'Kata pelanggan:' });
  expect(await reply.locator('a').evaluateAll((links) => links.map((a) => [a.getAttribute('href'), a.textContent]))).toEqual([
    ['https://contoh.id/a', 'https://contoh.id/a'],
    ['https://id.wikipedia.org/wiki/Tanjungpinang_(kota)', 'https://id.wikipedia.org/wiki/Tanjungpinang_(kota)'],
  ]);
  expect(await reply.textContent()).toContain('<img src=x onerror="window.__xss=1"> javascript:alert(1)');
  expect(await page.locator('.bubble img').count()).toBe(0);
  expect(await page.locator('a[href^="javascript"], [onmouseover], [onerror]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // What the customer typed is shown as typed, never as a link.
  expect(await page.locator('.row.in', { hasText: 'ini link saya' }).locator('a').count()).toBe(0);
  await shot(page, '7-links');
  await context.close();
});
