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

describe('a question forwarded from the chat', () => {
  it('is labelled in each staff member’s language, whatever the chat’s', async () => {
    const db = file.h.database.db;
    const customer = await createCustomerByStaff(db, { name: 'Emily Tourist', phone: '081277009911' });
    // As the chat's FAQ forwards it (bots/conversation/journeys/faq.ts), from an English chat.
    const question = await openComplaint(db, {
      customerId: customer.id,
      kind: 'question',
      body: 'Do you have a studio for pets?',
    });
    const indonesian = await file.rina.page(`/admin/complaints/${question.id}`);
    expect(indonesian.html).toContain('Pertanyaan dari chat');
    expect(indonesian.html).not.toContain('Question from chat');
    expect(indonesian.html).toContain('Do you have a studio for pets?');
    const inbox = await file.rina.page('/admin/complaints?status=all');
    expect(inbox.html).toContain('Pertanyaan dari chat');

    await file.admin.post('/admin/locale', { locale: 'en', back: '/admin' });
    try {
      const english = await file.admin.page(`/admin/complaints/${question.id}`);
      expect(english.html).toContain('Question from chat');
      expect(english.html).not.toContain('Pertanyaan dari chat');
    } finally {
      await file.admin.post('/admin/locale', { locale: 'id', back: '/admin' });
    }
  });
});
