import { describe, expect, it } from 'vitest';
import { faqEntries } from '../../db/schema/index.ts';
import { expectFieldErrors, harnessForFile } from './harness.ts';

const file = harnessForFile();

describe('too-long text in a form', () => {
  it('a 400 kB FAQ answer gets 400 with the field’s own limit next to it, and the text is kept', async () => {
    const before = await file.h.database.db.select().from(faqEntries);
    const answer = `${'Studio buka setiap hari. '.repeat(16_000)}AKHIR-JAWABAN`;
    expect(answer.length).toBeGreaterThan(400_000);
    const response = await file.admin.post('/admin/faq', {
      question: 'Jam buka studio?',
      answer,
      keywords: 'jam buka',
    });
    const html = await expectFieldErrors(response, 400, {
      answer: 'Terlalu panjang: paling banyak 2000 karakter.',
    });
    expect(html).not.toContain('Ukuran file');
    expect(html).toContain('AKHIR-JAWABAN</textarea>');
    expect(html).toContain('value="Jam buka studio?"');
    expect(await file.h.database.db.select().from(faqEntries)).toHaveLength(before.length);
  });

  it('a short field names its own limit too (a staff name)', async () => {
    const name = await file.owner.post('/admin/staff', {
      name: 'x'.repeat(101),
      email: 'baru@studio.test',
      role: 'staff',
      password: 'password-123',
    });
    await expectFieldErrors(name, 400, { name: 'Terlalu panjang: paling banyak 100 karakter.' });
  });

  it('a text form beyond 1 MB is refused as too long text, not as a file, in the staff’s language', async () => {
    const huge = 'x'.repeat(1_100_000);
    const refused = await file.admin.post('/admin/faq', { question: 'Besar?', answer: huge, keywords: '' });
    expect(refused.status).toBe(413);
    const html = await refused.text();
    expect(html).toContain('Teks yang dikirim terlalu panjang');
    expect(html).toContain('Kembali ke formulir');
    expect(html).not.toContain('Ukuran file');
    const english = await file.admin.post(
      '/admin/faq',
      { question: 'Big?', answer: huge, keywords: '' },
      { headers: { cookie: 'potret_admin_lang=en' } },
    );
    expect(english.status).toBe(413);
    expect(await english.text()).toContain('The text sent is far too long');
  });
});
