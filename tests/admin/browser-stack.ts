import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Hono } from 'hono';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { webRun } from '../helpers/senders.ts';
import { createAdminApp } from '../../admin-web/app.tsx';
import { createHttpApp, listen } from '../../admin-web/http.ts';
import { adminNotifier } from '../../admin-web/notifier.ts';
import { createWebChatApp } from '../../bots/web/index.ts';
import { ensureStudioSettings } from '../../db/defaults.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createLogger } from '../../src/logger.ts';
import { createStaff } from '../../src/staff/index.ts';
import { createQueues, createWorkers, type Queues, type RunningWorkers } from '../../workers/index.ts';
import { createQueueDashboard } from '../../workers/dashboard.ts';
import { createTestDatabase, type TestDatabase, uniqueQueuePrefix } from '../helpers/db.ts';
import { testServices } from '../helpers/services.ts';
import { testNow } from '../helpers/clock.ts';
import { seedStudioLife } from './demo-data.ts';
import { PASSWORD, TZ } from './harness.ts';

/** Screenshots land here for people to look at; the folder is git-ignored. */
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

/**
 * The whole admin as a browser meets it: a seeded studio, the real outbox and web chat workers, the
 * HTTP app on a free port and a headless Chromium. Filled before the file's first test.
 */
export class BrowserStack {
  database!: TestDatabase;
  queues!: Queues;
  workers!: RunningWorkers;
  server!: { port: number; close: () => Promise<void> };
  browser!: Browser;
  base = '';
  /** The admin's and the web chat's "now" (the browser and the workers keep real time). */
  now = testNow();

  async login(context: BrowserContext, email: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${this.base}/admin/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${this.base}/admin`);
    return page;
  }

  screenshot(page: Page, name: string, { fullPage = true } = {}) {
    return page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage });
  }
}

/**
 * `studioLife` false: the demo catalog only, as an owner meets the admin on the first day.
 * `queueDashboard`: bull-board mounted at /admin/queues over the stack's queues, as src/main.ts does.
 */
export function browserStackForFile({ studioLife = true, queueDashboard = false } = {}): BrowserStack {
  const stack = new BrowserStack();
  beforeAll(async () => {
    stack.database = await createTestDatabase();
    const { db } = stack.database;
    await ensureStudioSettings(db);
    await seedDemoStudio(db);
    const owner = await createStaff(db, {
      email: 'owner@studio.test',
      name: 'Bu Lina',
      role: 'owner',
      password: PASSWORD,
    });
    await createStaff(db, { email: 'rina@studio.test', name: 'Rina', role: 'staff', password: PASSWORD });
    if (studioLife) await seedStudioLife(db, stack.now, owner.id);

    const log = createLogger({ level: 'silent' });
    stack.queues = createQueues({
      redisUrl: testServices.redisUrl,
      prefix: uniqueQueuePrefix('admin-browser'),
    });
    // The real outbox and the web chat's outbound worker: a confirmation lands in web_messages.
    stack.workers = await createWorkers({
      db,
      queues: stack.queues,
      log,
      timeZone: TZ,
      senders: [webRun(db)],
      care: false,
      broadcasts: false,
      reconcile: false,
    });
    const admin = createAdminApp({
      db,
      log,
      notifier: adminNotifier({ notifierOn: stack.workers.notifierOn }),
      secureCookies: false,
      timeZone: TZ,
      clock: () => stack.now,
      broadcasts: stack.workers.broadcasts,
      ...(queueDashboard
        ? { queueDashboard: createQueueDashboard(stack.queues, { basePath: '/admin/queues' }) }
        : {}),
    });
    const chat = createWebChatApp({
      db,
      secret: 'x'.repeat(40),
      timeZone: TZ,
      defaultLocale: 'id',
      log,
      secureCookies: false,
      publicUrl: undefined,
      clock: () => stack.now,
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
    stack.server = await listen(app, { host: '127.0.0.1', port: 0 });
    stack.base = `http://127.0.0.1:${stack.server.port}`;
    stack.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(artifacts, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await stack.browser?.close();
    await stack.server?.close();
    await stack.workers?.close();
    await stack.queues?.close();
    await stack.database?.drop();
  });
  return stack;
}
