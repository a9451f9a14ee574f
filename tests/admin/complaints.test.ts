import { describe, expect, it } from 'vitest';
import { createCustomerByStaff } from '../../src/customers/index.ts';
import { openComplaint } from '../../src/feedback/index.ts';
import { expectFieldErrors, harnessForFile } from './harness.ts';

const file = harnessForFile();

describe('complaint inbox pages', () => {
  it('walks every open ticket once across page ends, tickets active at the same time included', async () => {
    const c = await createCustomerByStaff(file.h.database.db, { name: 'Pengeluh Banyak' });
    const codes: string[] = [];
    // 35 tickets, five at each instant, so the 30-row page ends among tickets of equal time.
    for (let i = 0; i < 35; i++) {
      const now = new Date(Date.UTC(2026, 9, 1, Math.floor(i / 5)));
      codes.push(
        (
          await openComplaint(file.h.database.db, {
            customerId: c.id,
            subject: `Nomor ${i}`,
            body: 'isi',
            now,
          })
        ).code,
      );
    }
    const seen: string[] = [];
    let pages = 0;
    let next: string | undefined = '/admin/complaints?status=open';
    while (next) {
      const page = await file.rina.page(next);
      expect(page.status).toBe(200);
      pages += 1;
      seen.push(...[...page.html.matchAll(/>(K-\d{6})<\/a>/g)].map((m) => m[1]!));
      next = /href="([^"]+)" rel="next"/.exec(page.html)?.[1]?.replaceAll('&amp;', '&');
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(35);
    expect(new Set(seen)).toEqual(new Set(codes));
  });

  it('answers a tampered page link with 400 and says so, instead of quietly showing page one', async () => {
    const notACursor = Buffer.from('nope').toString('base64url');
    // Shaped like ours, but February has no 31st: the database would refuse it.
    const noSuchDay = Buffer.from('2026-02-31T03:00:00.000000Z~5').toString('base64url');
    for (const path of [
      `/admin/complaints?cursor=${notACursor}`,
      `/admin/complaints?status=all&cursor=${noSuchDay}`,
    ]) {
      const html = await expectFieldErrors(await file.rina.get(path), 400, {
        cursor: 'Tautan halaman ini tidak valid. Silakan mulai lagi dari halaman awal.',
      });
      expect(html).not.toContain('K-0');
      expect(html).toContain('Halaman awal');
    }
  });
});
