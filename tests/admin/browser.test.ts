import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import type { Hono } from 'hono';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApp } from '../../admin-web/app.tsx';
import { createHttpApp, listen } from '../../admin-web/http.ts';
import { adminNotifier } from '../../admin-web/notifier.ts';
import { createWebChatApp } from '../../bots/web/index.ts';
import { webMessages } from '../../db/schema/index.ts';
import { ensureStudioSettings, seedDemoStudio } from '../../db/seed.ts';
import { listProducts } from '../../src/catalog/index.ts';
import {
  createBroadcast,
  insertRecipients,
  markBroadcastRunning,
  markRecipient,
} from '../../src/broadcasts/index.ts';
import { registerCustomer, searchCustomers } from '../../src/customers/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createReservation, getReservation, submitProof } from '../../src/reservations/index.ts';
import { createStaff, listStaff } from '../../src/staff/index.ts';
import { addDays, localDateOf, zonedTimeToInstant } from '../../src/time.ts';
import { createQueues, createWorkers, type Queues, type RunningWorkers } from '../../workers/index.ts';
import { createTestDatabase, type TestDatabase, uniqueQueuePrefix } from '../helpers/db.ts';
import { testServices } from '../helpers/services.ts';
import { seedStudioLife } from './demo-data.ts';
import { jpeg, PASSWORD, TZ } from './harness.ts';

const artifacts = path.resolve('test-artifacts/admin');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let database: TestDatabase;
let queues: Queues;
let workers: RunningWorkers;
let server: { port: number; close: () => Promise<void> };
let browser: Browser;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await ensureStudioSettings(db);
  await seedDemoStudio(db);
  const owner = await createStaff(db, {
    email: 'owner@studio.test',
    name: 'Bu Lina',
    role: 'owner',
    password: PASSWORD,
  });
  await createStaff(db, { email: 'rina@studio.test', name: 'Rina', role: 'staff', password: PASSWORD });
  await seedStudioLife(db, new Date(), owner.id);

  const log = createLogger({ level: 'silent' });
  queues = createQueues({ redisUrl: testServices.redisUrl, prefix: uniqueQueuePrefix('admin-browser') });
  // The real outbox and the web chat's outbound worker: a confirmation lands in web_messages.
  workers = await createWorkers({ db, queues, log, timeZone: TZ, care: false, broadcasts: false });
  const admin = createAdminApp({
    db,
    log,
    notifier: adminNotifier({ db, notifier: workers.notifier, outbox: workers.outbox, timeZone: TZ }),
    secureCookies: false,
    timeZone: TZ,
    broadcasts: workers.broadcasts,
  });
  const chat = createWebChatApp({
    db,
    secret: 'x'.repeat(40),
    timeZone: TZ,
    defaultLocale: 'id',
    log,
    secureCookies: false,
    publicUrl: undefined,
  });
  const app = createHttpApp({
    log,
    mounts: [
      { path: '/admin', app: admin as Hono },
      { path: '/chat', app: chat },
    ],
    health: [],
    studioName: async () => 'Potret',
  });
  server = await listen(app, { host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${server.port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  await mkdir(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await workers?.close();
  await queues?.close();
  await database?.drop();
});

async function login(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/admin`);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

describe('admin in a browser', () => {
  it('staff find a waiting proof, open it, confirm, and the customer’s web chat shows the confirmation', async () => {
    const { db } = database;
    // The customer opens the web chat: their thread id is the signed cookie's value.
    const customerContext = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const chatPage = await customerContext.newPage();
    await chatPage.goto(`${base}/chat`);
    const cookie = (await customerContext.cookies()).find((c) => c.path === '/chat')!;
    const externalId = decodeURIComponent(cookie.value).replace(/\.[^.]+$/, '');
    const { customer } = await registerCustomer(db, {
      channel: 'web',
      externalId,
      name: 'Kirana Putri',
      phone: '+6281234509876',
    });
    const product = (await listProducts(db, { kind: 'package' }))[0]!;
    const startAt = zonedTimeToInstant(addDays(localDateOf(new Date(), TZ), 2), '16:00', TZ);
    const { reservation } = await createReservation(db, {
      customerId: customer.id,
      productId: product.id,
      startAt,
      channel: 'web',
      timeZone: TZ,
    });
    await submitProof(db, {
      reservationId: reservation.id,
      customerId: customer.id,
      data: await jpeg(600, 900, '#2f7d5b'),
    });

    const staffContext = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'id-ID',
    });
    const page = await login(staffContext, 'rina@studio.test');
    await page.click('a.stat[href*="awaiting_confirmation"]');
    await page.waitForURL(/status=awaiting_confirmation/);
    await page.click(`text=${reservation.code}`);
    await page.waitForURL(`${base}/admin/reservations/${reservation.id}`);
    const proof = page.locator('figure.proof img').first();
    await expect
      .poll(() => proof.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(600);
    // Opening the proof full size, as staff do before confirming.
    const [proofTab] = await Promise.all([staffContext.waitForEvent('page'), page.click('figure.proof a')]);
    await proofTab!.waitForLoadState();
    expect(proofTab!.url()).toMatch(/\/admin\/files\/\d+$/);
    await proofTab!.close();
    await shot(page, 'reservation-detail');
    await page.click('button:has-text("Konfirmasi pembayaran")');
    await page.waitForURL(/flash=confirmed/);
    expect(await page.textContent('.alert.ok')).toContain('Reservasi dikonfirmasi');
    expect((await getReservation(db, reservation.id))?.status).toBe('confirmed');

    // The outbox → web outbound worker → web_messages → the customer's chat page (it polls).
    await expect
      .poll(
        async () =>
          (
            await db
              .select()
              .from(webMessages)
              .where(and(eq(webMessages.direction, 'out'), like(webMessages.thread, `%${externalId}%`)))
          ).length,
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    await chatPage.reload();
    await chatPage.waitForSelector(`text=/reservasi ${reservation.code} dikonfirmasi/`, { timeout: 15_000 });
    await chatPage.screenshot({
      path: path.join(artifacts, 'customer-chat-confirmation.png'),
      fullPage: true,
    });
    await customerContext.close();
    await staffContext.close();
  }, 90_000);

  it('takes screenshots of the main pages, on a desktop and on a phone', async () => {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
    const page = await login(desktop, 'owner@studio.test');
    await shot(page, 'dashboard');
    const pages: Array<[string, string]> = [
      ['reservations', '/admin/reservations'],
      ['calendar-week', '/admin/calendar'],
      ['customers', '/admin/customers'],
      ['complaints', '/admin/complaints?status=all'],
      ['ratings', '/admin/ratings'],
      ['products', '/admin/products'],
      ['bundles', '/admin/bundles'],
      ['faq', '/admin/faq'],
      ['broadcast-compose', '/admin/broadcasts/new'],
      ['reports', '/admin/reports'],
      ['settings', '/admin/settings'],
      ['staff', '/admin/staff'],
    ];
    for (const [name, url] of pages) {
      const response = await page.goto(`${base}${url}`);
      expect([name, response?.status()]).toEqual([name, 200]);
      await shot(page, name);
    }
    await page.goto(`${base}/admin/customers`);
    await page.click('table a >> nth=0');
    await shot(page, 'customer-detail');
    const someone = (await searchCustomers(database.db, { query: 'Sari' })).rows[0]!;
    await page.goto(`${base}/admin/rewards/${someone.id}`);
    await shot(page, 'rewards-ledger');
    // A campaign halfway through, as the live progress bar shows it.
    const campaign = await createBroadcast(database.db, {
      title: 'Promo Wisuda Desember',
      text: 'Halo Kak! Foto wisuda diskon 15% sampai 31 Desember. Balas "WISUDA" untuk pesan jadwal ya.',
      segment: { boughtCategory: 'wisuda' },
      staffId: (await listStaff(database.db))[0]!.id,
    });
    await markBroadcastRunning(database.db, campaign.id);
    const audience = (await searchCustomers(database.db, { limit: 12 })).rows;
    await insertRecipients(
      database.db,
      campaign.id,
      audience.map((c) => ({ customerId: c.id, channel: 'web' as const, externalId: `demo-${c.id}` })),
    );
    const outcomes = [
      'sent',
      'sent',
      'sent',
      'sent',
      'sent',
      'sent',
      'failed',
      'blocked',
      'skipped',
    ] as const;
    for (const [i, status] of outcomes.entries())
      await markRecipient(database.db, { broadcastId: campaign.id, customerId: audience[i]!.id, status });
    await page.goto(`${base}/admin/broadcasts/${campaign.id}`);
    await page.waitForTimeout(300);
    await shot(page, 'broadcast-progress');
    await page.goto(`${base}/admin/broadcasts`);
    await shot(page, 'broadcast-history');
    await page.goto(`${base}/admin/staff/audit`);
    await shot(page, 'activity-log');
    await page.goto(`${base}/admin/complaints?status=all`);
    await page.click('table a >> nth=1');
    await shot(page, 'complaint-thread');
    await page.goto(`${base}/admin/customers/new`);
    await page.click('button:has-text("Simpan")');
    await page.fill('input[name=name]', '<script>alert(1)</script>');
    await page.fill('input[name=phone]', '123');
    await page.click('button:has-text("Simpan")');
    await shot(page, 'customer-form-errors');
    await page.goto(`${base}/admin`);
    await page.click('button[value=en]');
    await page.waitForURL(`${base}/admin`);
    await shot(page, 'dashboard-english');
    await page.click('button[value=id]');
    await desktop.close();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'id-ID',
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const mobile = await login(phone, 'rina@studio.test');
    await shot(mobile, 'phone-dashboard');
    await mobile.click('label.burger');
    await mobile.screenshot({ path: path.join(artifacts, 'phone-menu-open.png') });
    await mobile.goto(`${base}/admin/reservations?status=awaiting_confirmation`);
    await shot(mobile, 'phone-reservations');
    await mobile.click('table a >> nth=0');
    await shot(mobile, 'phone-reservation-detail');
    await phone.close();

    const anonymous = await browser.newContext({ viewport: { width: 390, height: 700 } });
    const loginPage = await anonymous.newPage();
    await loginPage.goto(`${base}/admin/login`);
    await shot(loginPage, 'login');
    await anonymous.close();
  }, 120_000);
});
