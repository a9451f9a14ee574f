import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { adminNotifier } from '../../admin-web/notifier.ts';
import { auditLog } from '../../db/schema/index.ts';
import { listIdentities, registerCustomer } from '../../src/customers/index.ts';
import { notifierOn } from '../../src/messaging/index.ts';
import { chat, testRuntime } from '../conversation/driver.ts';
import { outboxRows } from '../helpers/outbox.ts';
import { createdId, expectFieldErrors, harnessForFile, TZ } from './harness.ts';

const file = harnessForFile({
  notifier: () => adminNotifier({ notifierOn: notifierOn({ timeZone: TZ }) }),
});

/** The texts written for one chat, oldest first. */
async function queuedTo(externalId: string): Promise<string[]> {
  return (await outboxRows(file.h.database.db, { externalId, channel: 'web' })).map((row) =>
    row.message.type === 'photo' ? row.message.caption : row.message.text,
  );
}

/** A customer entered at the desk by Rina (front desk), through the admin's own form. */
async function walkIn(name: string, phone: string): Promise<number> {
  await file.rina.page('/admin/customers/new');
  const response = await file.rina.post('/admin/customers', {
    name,
    phone,
    email: '',
    membership: 'regular',
    locale: 'id',
  });
  return createdId(response);
}

/** A web chat that types the customer's number and is left waiting for staff with a code to tell them. */
async function waitingChat(externalId: string, phone: string) {
  const web = chat(testRuntime(file.h.database.db, { clock: () => file.h.now() }), externalId, 'web');
  await web.command('start');
  await web.text('Tamu');
  await web.text(phone);
  expect(web.step).toBe('reg.staff');
  const code = /Kode sambung Anda: (\d{6})/.exec(web.said)?.[1];
  if (!code) throw new Error(`no connection code in: ${web.said}`);
  return { web, code };
}

const linkAudits = (customerId: number) =>
  file.h.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'customer.linkChat'), eq(auditLog.entityId, String(customerId))));

const chatsOf = async (customerId: number) =>
  (await listIdentities(file.h.database.db, customerId)).map((i) => `${i.channel}:${i.externalId}`);

describe('staff link a waiting chat with the code it showed', () => {
  it('front desk types the code read out by the customer: the chat is theirs, told so, and it is audited', async () => {
    const id = await walkIn('Ibu Sari', '0812 7700 8010');
    const page = await file.rina.page(`/admin/customers/${id}`);
    expect(page.html).toContain('Sambungkan chat dengan kode');
    expect(page.html).toContain(
      'Masukkan kode hanya untuk orang yang ada di depan Anda, atau setelah Anda menelepon balik nomor yang tercatat di sini.',
    );
    const { web, code } = await waitingChat('web-8010', '081277008010');

    // Read out with a space, as people do.
    const response = await file.rina.post(`/admin/customers/${id}/link-chat`, {
      code: `${code.slice(0, 3)} ${code.slice(3)}`,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/customers/${id}?flash=chatLinked`);
    const after = await file.rina.page(`/admin/customers/${id}?flash=chatLinked`);
    expect(after.html).toContain('Chat tersambung ke pelanggan ini. Pesan ke pelanggan akan terkirim di chat itu.');
    expect(after.html).toContain('Chat web');
    expect(await chatsOf(id)).toEqual(['web:web-8010']);

    expect(await queuedTo('web-8010')).toEqual([
      '✅ Staf Potret Studio Tanjungpinang sudah menyambungkan chat ini ke data Anda, Kak Ibu Sari. Ketik MENU untuk mulai.',
    ]);
    const audits = await linkAudits(id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      staffId: file.h.staff.staff,
      entityType: 'customer',
      details: { channel: 'web', externalId: 'web-8010' },
    });

    await web.text('MENU');
    expect(web.step).toBe('menu');
    expect(web.last.session.customerId).toBe(id);

    // The code is used up: typing it again links nothing more and says so.
    const again = await file.rina.post(`/admin/customers/${id}/link-chat`, { code });
    await expectFieldErrors(again, 400, { code: 'Kode ini tidak cocok' });
    expect(await linkAudits(id)).toHaveLength(1);
  });

  it('a malformed, a wrong or another customer’s code answers 400 next to the code box and links nothing', async () => {
    const id = await walkIn('Pak Joko', '081277008020');
    const other = await walkIn('Bu Ani', '081277008021');
    const { code } = await waitingChat('web-8020', '081277008020');
    const { code: othersCode } = await waitingChat('web-8021', '081277008021');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    await file.rina.page(`/admin/customers/${id}`);
    const malformed = await file.rina.post(`/admin/customers/${id}/link-chat`, { code: '12ab' });
    const html = await expectFieldErrors(malformed, 400, {
      code: 'Kode sambung berisi 6 angka, contoh 482 913.',
    });
    expect(html).toContain('value="12ab"');
    for (const typed of [wrong, othersCode, '']) {
      const response = await file.rina.post(`/admin/customers/${id}/link-chat`, { code: typed });
      await expectFieldErrors(response, 400, {
        code: typed
          ? 'Kode ini tidak cocok dengan chat mana pun yang menunggu nomor pelanggan ini.'
          : 'Kode sambung berisi 6 angka',
      });
    }
    expect(await chatsOf(id)).toEqual([]);
    expect(await chatsOf(other)).toEqual([]);
    expect(await linkAudits(id)).toEqual([]);
    expect(await queuedTo('web-8020')).toEqual([]);
  });

  it('a code older than 24 hours is refused with what to do next', async () => {
    const id = await walkIn('Mbak Wulan', '081277008030');
    const { code } = await waitingChat('web-8030', '081277008030');
    const shown = file.h.now();
    file.h.setNow(new Date(shown.getTime() + 24 * 3_600_000 + 60_000));
    try {
      await file.rina.page(`/admin/customers/${id}`);
      const response = await file.rina.post(`/admin/customers/${id}/link-chat`, { code });
      await expectFieldErrors(response, 400, {
        code: 'Kode ini sudah lewat 24 jam. Minta pelanggan mengetik nomor HP-nya lagi di chat',
      });
    } finally {
      file.h.setNow(shown);
    }
    expect(await chatsOf(id)).toEqual([]);
  });

  it('a chat that has registered as someone else since is not taken over', async () => {
    const id = await walkIn('Pak Budi', '081277008040');
    const { code } = await waitingChat('web-8040', '081277008040');
    const { customer: stranger } = await registerCustomer(file.h.database.db, {
      channel: 'web',
      externalId: 'web-8040',
      name: 'Orang Lain',
      phone: '+6281277008940',
    });
    await file.rina.page(`/admin/customers/${id}`);
    const response = await file.rina.post(`/admin/customers/${id}/link-chat`, { code });
    await expectFieldErrors(response, 400, {
      code: 'Chat dengan kode ini sudah terdaftar sebagai pelanggan lain, jadi tidak disambungkan.',
    });
    expect(await chatsOf(id)).toEqual([]);
    expect(await chatsOf(stranger.id)).toEqual(['web:web-8040']);
  });

  it('needs the page’s CSRF token', async () => {
    const id = await walkIn('Ibu Nina', '081277008050');
    const { code } = await waitingChat('web-8050', '081277008050');
    const response = await file.rina.post(`/admin/customers/${id}/link-chat`, { code }, { csrf: false });
    expect(response.status).toBe(403);
    expect(await chatsOf(id)).toEqual([]);
  });

  it('offers no code box for a customer without a phone: no chat can be waiting for them', async () => {
    const id = await walkIn('Tanpa Nomor', '');
    const page = await file.rina.page(`/admin/customers/${id}`);
    expect(page.html).not.toContain('/link-chat');
  });
});
