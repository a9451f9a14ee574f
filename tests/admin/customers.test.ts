import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, customers } from '../../db/schema/index.ts';
import { createCustomerByStaff, getCustomer } from '../../src/customers/index.ts';
import { closeComplaint, getComplaintThread, openComplaint } from '../../src/feedback/index.ts';
import { bookingWithProof, createdId, expectFieldErrors, harnessForFile } from './harness.ts';

const file = harnessForFile();

describe('customers', () => {
  it('creates a customer from the form, normalising the phone', async () => {
    await file.rina.page('/admin/customers/new');
    const response = await file.rina.post('/admin/customers', {
      name: 'Ayu Pratiwi',
      phone: '0812-7700-1122',
      email: 'ayu@example.com',
      membership: 'regular',
      locale: 'id',
      promoOptIn: '1',
    });
    expect(response.status).toBe(303);
    const id = createdId(response);
    const customer = await getCustomer(file.h.database.db, id);
    expect(customer.phone).toBe('+6281277001122');
    const page = await file.rina.page(`/admin/customers/${id}`);
    expect(page.html).toContain('Ayu Pratiwi');
    expect(page.html).toContain('+62 812-7700-1122');
  });

  it('answers bad input with 400 and each message next to its field, writing nothing', async () => {
    const before = await file.h.database.db.select().from(customers);
    const response = await file.rina.post('/admin/customers', {
      name: '',
      phone: '12345',
      email: 'not-an-email',
      membership: 'vip',
      locale: 'id',
    });
    await expectFieldErrors(response, 400, {
      name: 'Wajib diisi',
      phone: 'Nomor HP belum benar',
      email: 'Alamat email belum benar',
      membership: 'Silakan pilih',
    });
    expect(await file.h.database.db.select().from(customers)).toHaveLength(before.length);
  });

  it('refuses a phone that belongs to someone else, next to the phone field', async () => {
    await createCustomerByStaff(file.h.database.db, { name: 'Pemilik Nomor', phone: '081277003344' });
    const response = await file.rina.post('/admin/customers', {
      name: 'Orang Lain',
      phone: '+62 812 7700 3344',
      email: '',
      membership: 'regular',
      locale: 'id',
    });
    await expectFieldErrors(response, 409, { phone: 'Nomor HP ini sudah terdaftar' });
  });

  it('escapes HTML in names on the list, the detail and the edit form', async () => {
    const evil = await createCustomerByStaff(file.h.database.db, {
      name: '<img src=x onerror=alert(1)>Jahil',
    });
    for (const path of [
      '/admin/customers?q=jahil',
      `/admin/customers/${evil.id}`,
      `/admin/customers/${evil.id}/edit`,
    ]) {
      const { html } = await file.rina.page(path);
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;Jahil');
    }
  });

  it('searches by name, phone and code and pages with a cursor', async () => {
    for (let i = 0; i < 35; i++)
      await createCustomerByStaff(file.h.database.db, { name: `Pelanggan Massal ${i}` });
    const first = await file.rina.page('/admin/customers?q=massal');
    expect(first.html).toContain('Pelanggan Massal 34');
    const next = /href="(\/admin\/customers\?q=massal&amp;cursor=\d+)"/
      .exec(first.html)?.[1]
      ?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await file.rina.page(next!);
    expect(second.html).toContain('Pelanggan Massal 0');
    expect(second.html).not.toContain('Pelanggan Massal 34<');
    const someone = await createCustomerByStaff(file.h.database.db, {
      name: 'Kode Dicari',
      phone: '081277005566',
    });
    expect((await file.rina.page(`/admin/customers?q=${someone.code}`)).html).toContain('Kode Dicari');
    expect((await file.rina.page('/admin/customers?q=0812-7700-5566')).html).toContain('Kode Dicari');
  });

  it('answers a tampered page link on the customer and rating lists with 400 and a first-page link', async () => {
    await createCustomerByStaff(file.h.database.db, { name: 'Tetap Tersembunyi' });
    // Not an id; an id with a leading zero the list never writes; beyond a Postgres integer.
    for (const cursor of ['abc', '012', '99999999999']) {
      for (const path of [`/admin/customers?cursor=${cursor}`, `/admin/ratings?cursor=${cursor}`]) {
        const html = await expectFieldErrors(await file.rina.get(path), 400, {
          cursor: 'Tautan halaman ini tidak valid. Silakan mulai lagi dari halaman awal.',
        });
        expect(html).not.toContain('Tetap Tersembunyi');
        expect(html).toContain('Halaman awal');
      }
    }
  });

  it("lists a customer's bookings on their page without naming them again in every row", async () => {
    const { reservation, customer } = await bookingWithProof(file.h, { name: 'Laras Satu Halaman' });
    const { html } = await file.rina.page(`/admin/customers/${customer.id}`);
    expect(html).toContain(reservation.code);
    expect(html).not.toContain('<th>Pelanggan</th>');
    expect(html.split('Laras Satu Halaman').length - 1).toBe(2);
    expect((await file.rina.page('/admin/reservations')).html).toContain('<th>Pelanggan</th>');
  });

  it('edits contact details', async () => {
    const c = await createCustomerByStaff(file.h.database.db, { name: 'Lama' });
    await file.rina.page(`/admin/customers/${c.id}/edit`);
    const response = await file.rina.post(`/admin/customers/${c.id}`, {
      name: 'Baru',
      phone: '',
      email: '',
      membership: 'regular',
      locale: 'en',
    });
    expect(response.status).toBe(303);
    const row = await getCustomer(file.h.database.db, c.id);
    expect(row.name).toBe('Baru');
    expect(row.locale).toBe('en');
    expect(row.promoOptIn).toBe(false);
  });

  it('shows a phone in the edit form as staff write it, and saving it unchanged keeps the number', async () => {
    const c = await createCustomerByStaff(file.h.database.db, { name: 'Nomor Tetap', phone: '081277009911' });
    const form = await file.rina.page(`/admin/customers/${c.id}/edit`);
    expect(form.html).toContain('value="+62 812-7700-9911"');
    const saved = await file.rina.post(`/admin/customers/${c.id}`, {
      name: 'Nomor Tetap',
      phone: '+62 812-7700-9911',
      email: '',
      membership: 'regular',
      locale: 'id',
    });
    expect(saved.status).toBe(303);
    expect((await getCustomer(file.h.database.db, c.id)).phone).toBe('+6281277009911');
  });

  it('exports CSV with formulas neutralised', async () => {
    await createCustomerByStaff(file.h.database.db, { name: '=HYPERLINK("http://x")' });
    const response = await file.admin.get('/admin/customers/export.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const body = await response.text();
    expect(body).toContain('Ayu Pratiwi');
    expect(body).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('front-desk staff cannot download the customer list, nor see the button; they keep the customer pages', async () => {
    const refused = await file.rina.get('/admin/customers/export.csv');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).not.toContain('text/csv');
    const exports = await file.h.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'customer.export'), eq(auditLog.staffId, file.h.staff.staff)));
    expect(exports).toEqual([]);
    const list = await file.rina.page('/admin/customers');
    expect(list.status).toBe(200);
    expect(list.html).not.toContain('export.csv');
    expect((await file.admin.page('/admin/customers')).html).toContain('/admin/customers/export.csv');
  });

  it('writes when each customer joined on the studio clock (WIB), as a spreadsheet reads a time', async () => {
    const c = await createCustomerByStaff(file.h.database.db, { name: 'Waktu Daftar' });
    const body = await (await file.owner.get('/admin/customers/export.csv?q=waktu')).text();
    expect(body.split('\r\n')[0]).toContain('Dibuat (WIB)');
    const wib = new Date(c.createdAt.getTime() + 7 * 3_600_000).toISOString();
    expect(body).toContain(`${wib.slice(0, 10)} ${wib.slice(11, 16)}`);
    expect(body).not.toContain(c.createdAt.toISOString());
  });

  it('lets admins adjust points with a reason; staff get 403; too large a debit is refused at the field', async () => {
    const c = await createCustomerByStaff(file.h.database.db, { name: 'Poin Test' });
    expect(
      (await file.rina.post(`/admin/customers/${c.id}/points`, { delta: '50', note: 'Bonus' })).status,
    ).toBe(403);
    await file.admin.page(`/admin/customers/${c.id}`);
    const missing = await file.admin.post(`/admin/customers/${c.id}/points`, { delta: 'lima', note: '' });
    await expectFieldErrors(missing, 400, {
      delta: 'Isi dengan angka bulat',
      note: 'Wajib diisi',
    });
    expect(
      (await file.admin.post(`/admin/customers/${c.id}/points`, { delta: '50', note: 'Bonus ulang tahun' }))
        .status,
    ).toBe(303);
    expect((await getCustomer(file.h.database.db, c.id)).pointsBalance).toBe(50);
    const tooMuch = await file.admin.post(`/admin/customers/${c.id}/points`, {
      delta: '-80',
      note: 'Koreksi',
    });
    await expectFieldErrors(tooMuch, 409, { delta: 'Poin pelanggan tidak cukup' });
    expect((await getCustomer(file.h.database.db, c.id)).pointsBalance).toBe(50);
    const audit = await file.h.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'points.adjust'));
    expect(audit.some((a) => a.entityId === String(c.id))).toBe(true);
  });

  it('sets membership and anonymises (admin), keeping the bookings', async () => {
    const { customer, reservation } = await bookingWithProof(file.h, { name: 'Hapus Saya', daysAhead: 3 });
    expect((await file.rina.post(`/admin/customers/${customer.id}/anonymize`)).status).toBe(403);
    expect(
      (await file.admin.post(`/admin/customers/${customer.id}/membership`, { membership: 'member' })).status,
    ).toBe(303);
    expect((await getCustomer(file.h.database.db, customer.id)).membership).toBe('member');
    expect((await file.admin.post(`/admin/customers/${customer.id}/anonymize`)).status).toBe(303);
    const row = await getCustomer(file.h.database.db, customer.id);
    expect(row.name).toBe('');
    expect(row.phone).toBeNull();
    const page = await file.admin.page(`/admin/customers/${customer.id}`);
    expect(page.html).toContain(reservation.code);
  });

  it('needs a login and the CSRF token', async () => {
    const c = await createCustomerByStaff(file.h.database.db, { name: 'Aman' });
    expect(
      (
        await file.rina.post(
          `/admin/customers/${c.id}`,
          { name: 'Diretas', membership: 'regular', locale: 'id' },
          { csrf: false },
        )
      ).status,
    ).toBe(403);
    expect((await getCustomer(file.h.database.db, c.id)).name).toBe('Aman');
  });
});

describe('complaints', () => {
  it('lists open complaints, shows the thread, replies to the customer and closes', async () => {
    const c = await createCustomerByStaff(file.h.database.db, { name: 'Pengeluh <b>Tebal</b>' });
    const complaint = await openComplaint(file.h.database.db, {
      customerId: c.id,
      subject: 'Foto buram',
      body: 'Hasil foto saya buram, Kak.',
    });
    const inbox = await file.rina.page('/admin/complaints');
    expect(inbox.html).toContain(complaint.code);
    expect(inbox.html).toContain('Pengeluh &lt;b&gt;Tebal&lt;/b&gt;');
    const thread = await file.rina.page(`/admin/complaints/${complaint.id}`);
    expect(thread.html).toContain('Hasil foto saya buram, Kak.');
    const empty = await file.rina.post(`/admin/complaints/${complaint.id}/reply`, { body: '' });
    await expectFieldErrors(empty, 400, { body: 'Wajib diisi' });
    const reply = await file.rina.post(`/admin/complaints/${complaint.id}/reply`, {
      body: 'Mohon maaf, Kak. Kami edit ulang ya.',
    });
    expect(reply.status).toBe(303);
    const after = await getComplaintThread(file.h.database.db, complaint.id);
    expect(after.complaint.status).toBe('answered');
    const staffMessage = after.messages.find((m) => m.author === 'staff')!;
    expect(file.h.notifier.calls).toContainEqual({
      kind: 'complaintReplied',
      args: [complaint.id, 'Mohon maaf, Kak. Kami edit ulang ya.', staffMessage.id],
    });
    expect((await file.rina.post(`/admin/complaints/${complaint.id}/close`)).status).toBe(303);
    expect((await getComplaintThread(file.h.database.db, complaint.id)).complaint.status).toBe('closed');
    const late = await file.rina.post(`/admin/complaints/${complaint.id}/reply`, { body: 'Halo lagi' });
    expect(late.status).toBe(409);
  });

  it('refuses a reply without CSRF', async () => {
    const c = await createCustomerByStaff(file.h.database.db, { name: 'CSRF Korban' });
    const complaint = await openComplaint(file.h.database.db, { customerId: c.id, subject: 'X', body: 'Y' });
    expect(
      (await file.rina.post(`/admin/complaints/${complaint.id}/reply`, { body: 'palsu' }, { csrf: false }))
        .status,
    ).toBe(403);
    expect((await getComplaintThread(file.h.database.db, complaint.id)).messages).toHaveLength(1);
    await closeComplaint(file.h.database.db, { complaintId: complaint.id, staffId: file.h.staff.staff });
  });
});

describe('ratings', () => {
  it('shows the ratings page to staff', async () => {
    const page = await file.rina.page('/admin/ratings');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Rata-rata per paket');
  });
});
