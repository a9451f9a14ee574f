import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webMessages } from '../../db/schema/index.ts';
import {
  createBroadcast,
  insertRecipients,
  markBroadcastRunning,
  markRecipient,
} from '../../src/broadcasts/index.ts';
import { listProducts } from '../../src/catalog/index.ts';
import { createCustomerByStaff, registerCustomer, searchCustomers } from '../../src/customers/index.ts';
import {
  availableSlots,
  createReservation,
  getReservation,
  submitProof,
} from '../../src/reservations/index.ts';
import { listStaff } from '../../src/staff/index.ts';
import { addDays, formatIsoDate, localDateOf } from '../../src/time.ts';
import { browserStackForFile } from './browser-stack.ts';
import { jpeg, TZ } from './harness.ts';

const stack = browserStackForFile();

describe('admin in a browser', () => {
  it('staff find a waiting proof, open it, confirm, and the customer’s web chat shows the confirmation', async () => {
    const { db } = stack.database;
    // The customer opens the web chat: their thread id is the signed cookie's value.
    const customerContext = await stack.browser.newContext({ viewport: { width: 390, height: 800 } });
    const chatPage = await customerContext.newPage();
    await chatPage.goto(`${stack.base}/chat`);
    const cookie = (await customerContext.cookies()).find((c) => c.path === '/chat')!;
    const externalId = decodeURIComponent(cookie.value).replace(/\.[^.]+$/, '');
    const { customer } = await registerCustomer(db, {
      channel: 'web',
      externalId,
      name: 'Kirana Putri',
      phone: '+6281234509876',
    });
    const product = (await listProducts(db, { kind: 'package' }))[0]!;
    // The last free start the day after tomorrow: what is open differs by weekday, and the seeded week fills some.
    const date = formatIsoDate(addDays(localDateOf(stack.now, TZ), 2));
    const slots = await availableSlots(db, { productId: product.id, date, now: stack.now, timeZone: TZ });
    const { reservation } = await createReservation(db, {
      customerId: customer.id,
      productId: product.id,
      startAt: slots.at(-1)!.startAt,
      channel: 'web',
      now: stack.now,
      timeZone: TZ,
    });
    await submitProof(db, {
      reservationId: reservation.id,
      customerId: customer.id,
      data: await jpeg(600, 900, '#2f7d5b'),
      now: stack.now,
    });

    const staffContext = await stack.browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'id-ID',
    });
    const page = await stack.login(staffContext, 'rina@studio.test');
    await page.click('a.stat[href*="awaiting_confirmation"]');
    await page.waitForURL(/status=awaiting_confirmation/);
    await page.click(`text=${reservation.code}`);
    await page.waitForURL(`${stack.base}/admin/reservations/${reservation.id}`);
    const proof = page.locator('figure.proof img').first();
    await expect
      .poll(() => proof.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(600);
    // Opening the proof full size, as staff do before confirming.
    const [proofTab] = await Promise.all([staffContext.waitForEvent('page'), page.click('figure.proof a')]);
    await proofTab!.waitForLoadState();
    expect(proofTab!.url()).toMatch(/\/admin\/files\/\d+$/);
    await proofTab!.close();
    await stack.screenshot(page, 'reservation-detail');
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
    await stack.screenshot(chatPage, 'customer-chat-confirmation');
    // Back on the booking, staff see the message went out, and when.
    await page.reload();
    await page.waitForSelector('.message-history >> text=Terkirim');
    expect(await page.textContent('.message-history')).toContain('Chat web');
    await stack.screenshot(page, 'reservation-confirmed');
    await customerContext.close();
    await staffContext.close();
  }, 90_000);

  it('takes screenshots of the main pages, on a desktop and on a phone', async () => {
    const desktop = await stack.browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'id-ID',
    });
    const page = await stack.login(desktop, 'owner@studio.test');
    await stack.screenshot(page, 'dashboard');
    const pages: Array<[string, string]> = [
      ['reservations', '/admin/reservations'],
      ['calendar-week', '/admin/calendar'],
      ['customers', '/admin/customers'],
      ['complaints', '/admin/complaints?status=all'],
      ['ratings', '/admin/ratings'],
      ['products', '/admin/products'],
      ['bundles', '/admin/bundles'],
      ['bundle-form', '/admin/bundles/new'],
      ['product-form', '/admin/products/new'],
      ['rewards', '/admin/rewards'],
      ['faq', '/admin/faq'],
      ['broadcast-compose', '/admin/broadcasts/new'],
      ['reports', '/admin/reports'],
      ['settings', '/admin/settings'],
      ['staff', '/admin/staff'],
    ];
    for (const [name, url] of pages) {
      const response = await page.goto(`${stack.base}${url}`);
      expect([name, response?.status()]).toEqual([name, 200]);
      await stack.screenshot(page, name);
    }
    await page.goto(`${stack.base}/admin/customers`);
    await page.click('table a >> nth=0');
    await stack.screenshot(page, 'customer-detail');
    const someone = (await searchCustomers(stack.database.db, { query: 'Sari' })).rows[0]!;
    await page.goto(`${stack.base}/admin/rewards/${someone.id}`);
    await stack.screenshot(page, 'rewards-ledger');
    // A campaign halfway through, as the live progress bar shows it.
    const campaign = await createBroadcast(stack.database.db, {
      title: 'Promo Wisuda Desember',
      text: 'Halo Kak! Foto wisuda diskon 15% sampai 31 Desember. Balas "WISUDA" untuk pesan jadwal ya.',
      segment: { boughtCategory: 'wisuda' },
      staffId: (await listStaff(stack.database.db))[0]!.id,
    });
    await markBroadcastRunning(stack.database.db, campaign.id);
    const audience = (await searchCustomers(stack.database.db, { limit: 12 })).rows;
    await insertRecipients(
      stack.database.db,
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
      await markRecipient(stack.database.db, {
        broadcastId: campaign.id,
        customerId: audience[i]!.id,
        status,
      });
    await page.goto(`${stack.base}/admin/broadcasts/${campaign.id}`);
    await page.waitForTimeout(300);
    await stack.screenshot(page, 'broadcast-progress');
    await page.goto(`${stack.base}/admin/broadcasts`);
    await stack.screenshot(page, 'broadcast-history');
    await page.goto(`${stack.base}/admin/staff/audit`);
    await stack.screenshot(page, 'activity-log');
    await page.goto(`${stack.base}/admin/complaints?status=all`);
    await page.click('table a >> nth=1');
    await stack.screenshot(page, 'complaint-thread');
    await page.goto(`${stack.base}/admin/customers/new`);
    await page.click('button:has-text("Simpan")');
    await page.fill('input[name=name]', '<script>alert(1)</script>');
    await page.fill('input[name=phone]', '123');
    await page.click('button:has-text("Simpan")');
    await stack.screenshot(page, 'customer-form-errors');
    await page.goto(`${stack.base}/admin`);
    await page.click('button[value=en]');
    await page.waitForURL(`${stack.base}/admin`);
    await stack.screenshot(page, 'dashboard-english');
    await page.click('button[value=id]');
    await desktop.close();

    const phone = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'id-ID',
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const mobile = await stack.login(phone, 'rina@studio.test');
    await stack.screenshot(mobile, 'phone-dashboard');
    await mobile.click('label.burger');
    await stack.screenshot(mobile, 'phone-menu-open', { fullPage: false });
    await mobile.goto(`${stack.base}/admin/reservations?status=awaiting_confirmation`);
    await stack.screenshot(mobile, 'phone-reservations');
    await mobile.click('table a >> nth=0');
    await stack.screenshot(mobile, 'phone-reservation-detail');
    await phone.close();

    const anonymous = await stack.browser.newContext({ viewport: { width: 390, height: 700 } });
    const loginPage = await anonymous.newPage();
    await loginPage.goto(`${stack.base}/admin/login`);
    await stack.screenshot(loginPage, 'login');
    await anonymous.close();
  }, 120_000);

  it('front desk links a walk-in customer’s web chat with the code the chat shows, and the chat is told', async () => {
    const walkIn = await createCustomerByStaff(stack.database.db, {
      name: 'Ibu Laksmi',
      phone: '081234508765',
    });
    const customerContext = await stack.browser.newContext({
      viewport: { width: 390, height: 800 },
      locale: 'id-ID',
    });
    const chatPage = await customerContext.newPage();
    await chatPage.goto(`${stack.base}/chat`);
    const say = async (text: string, answer: string | RegExp) => {
      await chatPage.fill('#text', text);
      await chatPage.press('#text', 'Enter');
      await chatPage.getByText(answer).last().waitFor({ timeout: 15_000 });
    };
    await chatPage
      .getByText(/selamat datang/i)
      .first()
      .waitFor({ timeout: 15_000 });
    await say('Laksmi', /nomor HP/i);
    await say('0812 3450 8765', /Kode sambung Anda: \d{6}/);
    const codeText = await chatPage
      .getByText(/Kode sambung Anda: \d{6}/)
      .last()
      .textContent();
    const code = /(\d{6})/.exec(codeText ?? '')![1]!;
    await stack.screenshot(chatPage, 'customer-chat-staff-code');

    const staffContext = await stack.browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'id-ID',
    });
    const page = await stack.login(staffContext, 'rina@studio.test');
    await page.goto(`${stack.base}/admin/customers/${walkIn.id}`);
    await stack.screenshot(page, 'customer-link-chat');
    await page.fill('input[name=code]', '000000' === code ? '111111' : '000000');
    await page.click('button:has-text("Sambungkan")');
    expect(await page.textContent('[data-field=code]')).toContain('Kode ini tidak cocok');
    await stack.screenshot(page, 'customer-link-chat-wrong');
    await page.fill('input[name=code]', `${code.slice(0, 3)} ${code.slice(3)}`);
    await page.click('button:has-text("Sambungkan")');
    await page.waitForURL(/flash=chatLinked/);
    expect(await page.textContent('.alert.ok')).toContain('Chat tersambung ke pelanggan ini');
    await stack.screenshot(page, 'customer-link-chat-done');

    // The outbox → web outbound worker → the chat page, which polls.
    await chatPage
      .getByText(/sudah menyambungkan chat ini ke data Anda, Kak Ibu Laksmi/)
      .waitFor({ timeout: 20_000 });
    await stack.screenshot(chatPage, 'customer-chat-linked');
    await customerContext.close();
    await staffContext.close();
  }, 90_000);
});
