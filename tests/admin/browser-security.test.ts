import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { browserStackForFile } from './browser-stack.ts';

const stack = browserStackForFile({ studioLife: false, queueDashboard: true });

/**
 * What the Content Security Policy blocked on a page, as Chromium reports it. bull-board's link to
 * Google Fonts is blocked on purpose (the owner's browser does not call Google from the admin); the
 * board falls back to the system font.
 */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes('Content Security Policy') && !text.includes('https://fonts.googleapis.com/'))
      seen.push(text);
  });
  return seen;
}

describe('pages under the one security policy, in Chromium', () => {
  it('the landing page, the chat and the admin pages all work with nothing blocked', {
    timeout: 120_000,
  }, async () => {
    const context = await stack.browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'id-ID',
    });
    const page = await context.newPage();
    const blocked = cspViolations(page);
    const landing = await page.goto(`${stack.base}/`);
    expect(landing?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByRole('link', { name: /chat/i }).first().waitFor();

    // The chat's script runs: it starts the conversation and shows the studio's first question.
    await page.goto(`${stack.base}/chat`);
    await page.getByText('Sebelum mulai, boleh tahu nama Anda?').waitFor();

    const admin = await stack.login(context, 'owner@studio.test');
    const adminBlocked = cspViolations(admin);
    for (const path of [
      '/admin',
      '/admin/reservations',
      '/admin/calendar',
      '/admin/customers',
      '/admin/reports',
      '/admin/broadcasts',
      '/admin/settings',
      '/admin/staff',
    ]) {
      const response = await admin.goto(`${stack.base}${path}`);
      expect([path, response?.status()]).toEqual([path, 200]);
    }
    // admin.js ran under script-src 'self': the mobile menu toggles.
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.locator('label.burger').click();
    expect(await admin.locator('#nav-toggle').isChecked()).toBe(true);
    expect([...blocked, ...adminBlocked]).toEqual([]);
    await context.close();
  });

  it('the owner pauses and resumes a queue in bull-board; both are in the audit log', {
    timeout: 120_000,
  }, async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await stack.login(context, 'owner@studio.test');
    const blocked = cspViolations(page);
    // The board's home lists the queues; the queue's own page has its actions menu.
    await page.goto(`${stack.base}/admin/queues`);
    await page.locator('#bull-board-sidebar').getByRole('link', { name: 'care', exact: true }).click();
    // On the queue's own page, not the overview still listing every queue with a menu each.
    await page.waitForURL(/\/admin\/queues\/queue\/care/);
    await page.getByRole('heading', { name: 'care' }).waitFor();
    await expect.poll(() => page.locator('button[aria-haspopup=menu]:not(li > button)').count()).toBe(1);
    const menuItem = async (name: string) => {
      // The queue's own menu; the header's account menu sits in a list item.
      await page.locator('button[aria-haspopup=menu]:not(li > button)').click();
      // bull-board's menu lives in a portal that hides itself from the accessibility tree.
      await page.locator('[role=menuitem]', { hasText: name }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
    };
    const paused = () => stack.queues.queue('care').isPaused();

    await menuItem('Pause');
    await expect.poll(paused).toBe(true);
    await stack.screenshot(page, 'queues-paused');
    await menuItem('Resume');
    await expect.poll(paused).toBe(false);

    // The audit line is written as the board's request finishes, a moment after Redis shows the change.
    const auditedPaths = async () =>
      (
        await stack.database.db
          .select({ details: auditLog.details })
          .from(auditLog)
          .where(and(eq(auditLog.action, 'queue.action'), eq(auditLog.entityId, 'care')))
          .orderBy(auditLog.id)
      ).map((l) => l.details?.path);
    await expect.poll(auditedPaths).toEqual(['/api/queues/care/pause', '/api/queues/care/resume']);
    expect(blocked).toEqual([]);
    await context.close();
  });
});
