import { describe, expect, it } from 'vitest';
import { browserStackForFile } from './browser-stack.ts';

const stack = browserStackForFile({ studioLife: false });

describe('admin on the first day (demo catalog, no customers or bookings yet)', () => {
  it('every page says what is empty and where things will come from, in Indonesian', async () => {
    const desktop = await stack.browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'id-ID',
    });
    const page = await stack.login(desktop, 'owner@studio.test');
    const pages: Array<[string, string, string]> = [
      ['dashboard', '/admin', 'Tidak ada sesi hari ini.'],
      ['reservations', '/admin/reservations', 'Belum ada reservasi. Reservasi masuk dari chat pelanggan'],
      ['customers', '/admin/customers', 'Belum ada pelanggan. Pelanggan terdaftar sendiri saat pertama chat'],
      ['complaints', '/admin/complaints', 'Tidak ada keluhan di sini.'],
      ['ratings', '/admin/ratings', 'Belum ada rating.'],
      ['broadcasts', '/admin/broadcasts', 'Belum ada broadcast.'],
      ['reports', '/admin/reports', 'Belum ada penjualan pada periode ini.'],
      ['rewards', '/admin/rewards', 'Belum ada pelanggan. Pelanggan terdaftar sendiri saat pertama chat'],
      ['calendar', '/admin/calendar', 'Kosong'],
    ];
    for (const [name, url, says] of pages) {
      const response = await page.goto(`${stack.base}${url}`);
      expect([name, response?.status()]).toEqual([name, 200]);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain(says);
      expect(text).not.toMatch(/undefined|NaN|null/);
      await stack.screenshot(page, `first-day-${name}`);
    }
    await desktop.close();
  });
});
