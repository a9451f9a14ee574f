import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  cancelBroadcast,
  createBroadcast,
  finishBroadcastIfDone,
  getBroadcast,
  insertRecipients,
  markBroadcastFannedOut,
  markBroadcastRunning,
  markRecipient,
} from '../../src/broadcasts/index.ts';
import { registerCustomer } from '../../src/customers/index.ts';
import { listStaff } from '../../src/staff/index.ts';
import { browserStackForFile } from './browser-stack.ts';

// No broadcast workers run here: the test itself moves the campaign from state to state, as the
// workers would, and watches one open page follow without a reload.
const stack = browserStackForFile({ studioLife: false });

/** The status card's badge, the buttons it offers, and its counts, as the staff member sees them. */
async function card(page: Page) {
  const root = page.locator('#broadcast-status');
  return {
    badge: (await root.locator('.card-head .badge').textContent())?.trim(),
    buttons: (await root.locator('button').allTextContents()).map((s) => s.trim()),
    sent: await root
      .locator('[data-count=sent]')
      .textContent({ timeout: 200 })
      .catch(() => null),
  };
}

describe('a broadcast’s page in a browser', () => {
  it('shows queued, sending, finished and cancelled as each becomes true, with its buttons, without a reload', async () => {
    const { db } = stack.database;
    const staffId = (await listStaff(db))[0]!.id;
    const customers = [];
    for (let i = 0; i < 3; i++) {
      const { customer } = await registerCustomer(db, {
        channel: 'web',
        externalId: `live-${i}`,
        name: `Penerima ${i}`,
        phone: `+62812770090${i}`,
      });
      customers.push(customer);
    }
    const campaign = await createBroadcast(db, {
      title: 'Promo Live',
      text: 'Halo Kak, ada promo minggu ini!',
      segment: {},
      staffId,
    });

    const context = await stack.browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'id-ID',
    });
    const page = await stack.login(context, 'owner@studio.test');
    page.on('dialog', (dialog) => dialog.accept());
    await page.goto(`${stack.base}/admin/broadcasts/${campaign.id}`);
    expect(await card(page)).toMatchObject({
      badge: 'Draf',
      buttons: ['Kirim sekarang', 'Batalkan broadcast'],
    });

    await page.click('button:has-text("Kirim sekarang")');
    await page.waitForURL(/flash=broadcastStarted/);
    // No worker has the job yet, and the page says exactly that.
    expect(await card(page)).toMatchObject({ badge: 'Dalam antrean', buttons: ['Batalkan broadcast'] });
    expect(await page.locator('.broadcast-progress').count()).toBe(1);
    expect((await getBroadcast(db, campaign.id)).status).toBe('queued');
    await stack.screenshot(page, 'broadcast-queued');
    // Marks this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { stillThisPage: true }));

    // A worker picks the job up and writes the recipients.
    await markBroadcastRunning(db, campaign.id);
    await insertRecipients(
      db,
      campaign.id,
      customers.map((c) => ({ customerId: c.id, channel: 'web' as const, externalId: `web-${c.id}` })),
    );
    await markBroadcastFannedOut(db, campaign.id);
    await markRecipient(db, { broadcastId: campaign.id, customerId: customers[0]!.id, status: 'sent' });
    await expect
      .poll(() => card(page), { timeout: 10_000 })
      .toMatchObject({ badge: 'Sedang dikirim', buttons: ['Batalkan broadcast'], sent: '1' });
    await stack.screenshot(page, 'broadcast-sending');

    // The last messages go out and the campaign completes: badge and buttons follow the counts.
    for (const c of customers.slice(1))
      await markRecipient(db, { broadcastId: campaign.id, customerId: c.id, status: 'sent' });
    expect(await finishBroadcastIfDone(db, campaign.id)).toBe(true);
    await expect
      .poll(() => card(page), { timeout: 10_000 })
      .toMatchObject({ badge: 'Selesai', buttons: [], sent: '3' });
    expect(await page.locator('#broadcast-status').getAttribute('data-live-url')).toBeNull();
    await stack.screenshot(page, 'broadcast-finished');
    expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(
      true,
    );

    // Another campaign, cancelled by someone else while this page is open.
    const other = await createBroadcast(db, { title: 'Promo Batal', text: 'Halo!', segment: {}, staffId });
    await page.goto(`${stack.base}/admin/broadcasts/${other.id}`);
    await page.click('button:has-text("Kirim sekarang")');
    await page.waitForURL(/flash=broadcastStarted/);
    // The success line is shown once: a reload of the same address shows the page without it.
    expect(await page.textContent('.alert.ok')).toContain('Broadcast masuk antrean');
    await page.reload();
    expect(await page.locator('.alert.ok').count()).toBe(0);
    await page.evaluate(() => Object.assign(window, { stillThisPage: true }));
    await markBroadcastRunning(db, other.id);
    await expect.poll(() => card(page), { timeout: 10_000 }).toMatchObject({ badge: 'Sedang dikirim' });
    await cancelBroadcast(db, other.id);
    await expect
      .poll(() => card(page), { timeout: 10_000 })
      .toMatchObject({ badge: 'Dibatalkan', buttons: [] });
    expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(
      true,
    );
    await context.close();
  }, 90_000);
});
