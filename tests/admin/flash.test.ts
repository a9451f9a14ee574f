import { describe, expect, it } from 'vitest';
import { harnessForFile } from './harness.ts';

const file = harnessForFile();
const SAVED = 'Berhasil ditambahkan.';

describe('a success message', () => {
  it('shows once after the change it reports, not again on reload or from a typed address', async () => {
    const created = await file.admin.post('/admin/faq', {
      question: 'Boleh bawa hewan peliharaan?',
      answer: 'Boleh, Kak, asal didampingi.',
      keywords: 'hewan',
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toBe('/admin/faq?flash=created');
    expect((await file.admin.page(location)).html).toContain(SAVED);
    // The reload: same address, the message already shown.
    expect((await file.admin.page(location)).html).not.toContain(SAVED);
    // Someone else opening the address (a shared link) never sees it.
    expect((await file.rina.page('/admin/reservations?flash=created')).html).not.toContain(SAVED);
  });

  it('waits for the page it was made for: another page opened in between does not use it up', async () => {
    const created = await file.admin.post('/admin/faq', {
      question: 'Ada parkir mobil?',
      answer: 'Ada, di depan studio.',
      keywords: 'parkir',
    });
    const location = created.headers.get('location')!;
    await file.admin.page('/admin');
    expect((await file.admin.page(location)).html).toContain(SAVED);
  });
});
