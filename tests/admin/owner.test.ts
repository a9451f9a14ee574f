import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultStudioSettings } from '../../db/defaults.ts';
import { auditLog } from '../../db/schema/index.ts';
import { createCustomerByStaff } from '../../src/customers/index.ts';
import { listRateableItems, openComplaint, rateItem, replyToComplaint } from '../../src/feedback/index.ts';
import { completeReservation, confirmReservation } from '../../src/reservations/index.ts';
import { getSettings, updateSettings } from '../../src/settings/index.ts';
import { listStaff, recordAudit } from '../../src/staff/index.ts';
import {
  Agent,
  bookingWithProof,
  createHarness,
  expectFieldErrors,
  harnessForFile,
  loggedIn,
} from './harness.ts';

const file = harnessForFile({ whatsappStatus: async () => ({ state: 'qr', qr: '2@abcdefghijklmnop' }) });

async function settingsForm(agent: Agent): Promise<Record<string, string>> {
  const { html } = await agent.page('/admin/settings');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = match[0];
    const name = match[1]!;
    if (name === '_csrf') continue;
    const type = /type="([^"]+)"/.exec(tag)?.[1];
    if (type === 'checkbox') {
      if (/checked/.test(tag)) fields[name] = '1';
      continue;
    }
    fields[name] = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
  }
  return fields;
}

describe('settings', () => {
  it('shows the WhatsApp QR from the status provider', async () => {
    const { html } = await file.owner.page('/admin/settings');
    expect(html).toContain('Perangkat tertaut');
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,/);
    expect(html).toContain('data-refresh-url="/admin/settings/whatsapp"');
    expect((await file.owner.page('/admin/settings/whatsapp')).html).toContain('Perangkat tertaut');
    expect(
      await (await file.owner.get('/admin/settings/whatsapp.json', { accept: 'application/json' })).json(),
    ).toMatchObject({ state: 'qr' });
  });

  it('saves the studio profile, hours, banks and points rules', async () => {
    const form = await settingsForm(file.owner);
    const response = await file.owner.post('/admin/settings', {
      ...form,
      studioName: 'Potret Studio Batu 8',
      capacityPerSlot: '3',
      'openingHours.0.closed': '1',
      'bankAccounts.2.bank': 'Mandiri',
      'bankAccounts.2.number': '109 000 123',
      'bankAccounts.2.holder': 'Potret Studio',
      'pointsRules.maxRedeemPercent': '40',
    });
    expect(response.status).toBe(303);
    const settings = await getSettings(file.h.database.db);
    expect(settings.studioName).toBe('Potret Studio Batu 8');
    expect(settings.capacityPerSlot).toBe(3);
    expect(settings.openingHours[0]).toBeNull();
    expect(settings.bankAccounts.map((b) => b.bank)).toContain('Mandiri');
    expect(settings.pointsRules.maxRedeemPercent).toBe(40);
    const audit = await file.h.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'settings.update'));
    expect(audit).toHaveLength(1);
    // Open on Sundays again: the later tests book days ahead, and which weekday that is depends on today.
    await updateSettings(file.h.database.db, { openingHours: defaultStudioSettings.openingHours });
  });

  it('answers bad settings with 400 next to each field and keeps the old values', async () => {
    const form = await settingsForm(file.owner);
    const response = await file.owner.post('/admin/settings', {
      ...form,
      studioName: '',
      slotMinutes: '5',
      'openingHours.1.open': '18:00',
      'openingHours.1.close': '09:00',
      'bankAccounts.0.holder': '',
      mapUrl: 'javascript:alert(1)',
    });
    await expectFieldErrors(response, 400, {
      studioName: 'Wajib diisi',
      slotMinutes: '',
      'openingHours.1.close': 'Jam tutup harus setelah jam buka',
      'bankAccounts.0.holder': 'Wajib diisi',
      mapUrl: 'Tautan belum benar',
    });
    expect((await getSettings(file.h.database.db)).studioName).toBe('Potret Studio Batu 8');
  });

  it('takes rupiah with thousands dots, and says the allowed range of a number out of it', async () => {
    const form = await settingsForm(file.owner);
    const refused = await file.owner.post('/admin/settings', {
      ...form,
      slotMinutes: '5',
      capacityPerSlot: '25',
    });
    await expectFieldErrors(refused, 400, {
      slotMinutes: 'Isi angka 15 sampai 240.',
      capacityPerSlot: 'Isi angka 1 sampai 20.',
    });
    const saved = await file.owner.post('/admin/settings', {
      ...(await settingsForm(file.owner)),
      'pointsRules.earnPerRupiah': '15.000',
    });
    expect(saved.status).toBe(303);
    expect((await getSettings(file.h.database.db)).pointsRules.earnPerRupiah).toBe(15_000);
  });

  it('names the days off and the zone of every time an owner types', async () => {
    const { html } = await file.owner.page('/admin/settings');
    expect(html).toContain('<th>Buka (WIB)</th>');
    expect(html).toContain('<th>Tutup (WIB)</th>');
    expect(html).toMatch(/value="1"[^>]*\/?> Libur/);
    expect(html).toContain('Jam kirim pengingat H-1 (WIB)');
    expect((await file.owner.page('/admin/broadcasts/new')).html).toContain('Jadwal kirim (WIB)');
  });

  it('says WhatsApp is not enabled when there is no status provider', async () => {
    const bare = await createHarness({ seed: false });
    try {
      const agent = await loggedIn(bare.app, 'owner@studio.test');
      expect((await agent.page('/admin/settings')).html).toContain('WhatsApp belum diaktifkan');
    } finally {
      await bare.close();
    }
  });
});

describe('staff accounts', () => {
  it('the owner adds a staff member who can then sign in; bad input stays at the fields', async () => {
    await file.owner.page('/admin/staff');
    const bad = await file.owner.post('/admin/staff', {
      name: '',
      email: 'bukan-email',
      role: 'boss',
      password: '123',
    });
    await expectFieldErrors(bad, 400, {
      email: 'Alamat email belum benar',
      role: 'Silakan pilih',
      password: 'Kata sandi minimal 8 karakter',
    });
    const ok = await file.owner.post('/admin/staff', {
      name: 'Dina <i>Kasir</i>',
      email: 'dina@studio.test',
      role: 'staff',
      password: 'kasir-baru-123',
    });
    expect(ok.status).toBe(303);
    expect((await file.owner.page('/admin/staff')).html).toContain('Dina &lt;i&gt;Kasir&lt;/i&gt;');
    const dina = new Agent(file.h.app, '10.6.0.1');
    expect((await dina.login('dina@studio.test', 'kasir-baru-123')).status).toBe(303);
    const dup = await file.owner.post('/admin/staff', {
      name: 'Dina 2',
      email: 'dina@studio.test',
      role: 'staff',
      password: 'kasir-baru-123',
    });
    expect(dup.status).toBe(409);
    const dupHtml = await dup.text();
    expect(dupHtml).toMatch(/data-field="email">Email ini sudah dipakai/);
    // The form comes back filled in, but never with the password.
    expect(dupHtml).toContain('value="Dina 2"');
    expect(dupHtml).not.toContain('kasir-baru-123');
  });

  it('deactivating someone signs them out; the last owner cannot be demoted', async () => {
    const dina = new Agent(file.h.app, '10.6.0.2');
    await dina.login('dina@studio.test', 'kasir-baru-123');
    const account = (await listStaff(file.h.database.db)).find((s) => s.email === 'dina@studio.test')!;
    await file.owner.page(`/admin/staff/${account.id}`);
    expect(
      (await file.owner.post(`/admin/staff/${account.id}`, { name: 'Dina', role: 'staff', password: '' }))
        .status,
    ).toBe(303);
    expect((await dina.get('/admin')).status).toBe(302);
    const me = (await listStaff(file.h.database.db)).find((s) => s.email === 'owner@studio.test')!;
    const demote = await file.owner.post(`/admin/staff/${me.id}`, {
      name: 'Bu Owner',
      role: 'admin',
      active: '1',
      password: '',
    });
    await expectFieldErrors(demote, 409, { role: 'Studio harus punya minimal satu pemilik aktif' });
  });

  it('the owner reads the activity log; admins cannot', async () => {
    const { html } = await file.owner.page('/admin/staff/audit');
    expect(html).toContain('mengubah pengaturan');
    expect(html).toContain('menambah akun staf');
    // Each line says what kind of record it touched, not a bare number.
    expect(html).toMatch(/<a href="\/admin\/staff\/\d+">Akun staf #\d+<\/a>/);
    expect(html).toContain('<th>Aktivitas</th>');
    expect((await file.admin.get('/admin/staff/audit')).status).toBe(403);
  });

  it('pages the activity log with a next-page link, and answers a tampered page link with 400', async () => {
    // One transaction: all 60 lines share one timestamp, so the page boundary falls inside the tie.
    await file.h.database.db.transaction(async (tx) => {
      for (let i = 0; i < 60; i++)
        await recordAudit(tx, {
          staffId: null,
          action: 'customer.update',
          entityType: 'customer',
          entityId: 900 + i,
        });
    });
    const first = await file.owner.page('/admin/staff/audit');
    expect(first.html).toContain('Pelanggan #959<');
    expect(first.html).toContain('Pelanggan #910<');
    expect(first.html).not.toContain('Pelanggan #909<');
    const next = /href="([^"]+)" rel="next"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/admin\/staff\/audit\?cursor=/);
    const second = await file.owner.page(next!);
    expect(second.html).toContain('Pelanggan #909<');
    expect(second.html).toContain('Pelanggan #900<');
    expect(second.html).not.toContain('Pelanggan #910<');
    expect(second.html).toContain('href="/admin/staff/audit"');

    const html = await expectFieldErrors(await file.owner.get('/admin/staff/audit?cursor=abc'), 400, {
      cursor: 'Tautan halaman ini tidak valid. Silakan mulai lagi dari halaman awal.',
    });
    expect(html).not.toContain('Pelanggan #959<');
    expect(html).toContain('Halaman awal');
  });

  it('admins cannot manage staff', async () => {
    expect(
      (
        await file.admin.post('/admin/staff', {
          name: 'X',
          email: 'x@studio.test',
          role: 'owner',
          password: 'password-123',
        })
      ).status,
    ).toBe(403);
  });
});

describe('reports', () => {
  it('shows revenue by day and items sold, and exports CSV', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 1 });
    await confirmReservation(file.h.database.db, {
      reservationId: reservation.id,
      staffId: file.h.staff.owner,
      now: file.h.now(),
    });
    await completeReservation(file.h.database.db, {
      reservationId: reservation.id,
      staffId: file.h.staff.owner,
      now: reservation.endAt,
    });
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(reservation.startAt);
    const page = await file.admin.page(`/admin/reports?from=${day}&to=${day}&granularity=day`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Produk terjual');
    // The chart's label is short enough for a narrow column; the table keeps the full amount.
    expect(page.html).toContain(`Rp ${Math.round(reservation.total / 1000)} rb`);
    const csv = await file.admin.get(`/admin/reports/revenue.csv?from=${day}&to=${day}&granularity=day`);
    const body = await csv.text();
    expect(body).toContain(`${day},1,${reservation.total}`);
    const items = await (
      await file.admin.get(`/admin/reports/items.csv?from=${day}&to=${day}&granularity=month`)
    ).text();
    expect(items.split('\r\n').length).toBeGreaterThan(2);
    // The items sold end on the same total as the revenue report of that period.
    const revenueTotal = /\r\nTotal,\d+,(\d+)\r\n/.exec(body)?.[1];
    expect(revenueTotal).toBeDefined();
    expect(items).toContain(`,Total,,,,,${revenueTotal}\r\n`);
    expect(page.html).toContain('Tidak datang');
  });

  it('names each period as people read it, not as a database key', async () => {
    const days = await file.admin.page('/admin/reports?from=2026-11-01&to=2026-11-02&granularity=day');
    expect(days.html).toContain('<td>Minggu, 1 November 2026</td>');
    expect(days.html).toContain('<td>Senin, 2 November 2026</td>');
    expect(days.html).not.toContain('<td>2026-11-01</td>');
    const months = await file.admin.page('/admin/reports?from=2026-10-01&to=2026-11-30&granularity=month');
    expect(months.html).toContain('<td>Oktober 2026</td>');
    expect(months.html).toContain('<td>November 2026</td>');
  });

  it('shows complaint reply times and ratings per month for the period', async () => {
    const db = file.h.database.db;
    const { customer, reservation } = await bookingWithProof(file.h, {
      name: 'Rating Pelanggan',
      daysAhead: 1,
    });
    const staffId = file.h.staff.owner;
    await confirmReservation(db, { reservationId: reservation.id, staffId, now: file.h.now() });
    // Rated an hour after the session (tomorrow); the report's period ends that day.
    const rated = new Date(reservation.endAt.getTime() + 3_600_000);
    await completeReservation(db, { reservationId: reservation.id, staffId, now: reservation.endAt });
    const [item] = await listRateableItems(db, customer.id);
    const rating = { customerId: customer.id, reservationItemId: item!.reservationItemId, stars: 4 };
    await rateItem(db, { ...rating, now: rated });
    const opened = new Date(file.h.now().getTime() - 90 * 60_000);
    const complaint = await openComplaint(db, {
      customerId: customer.id,
      subject: 'Foto belum dikirim',
      body: 'Sudah 5 hari.',
      now: opened,
    });
    await replyToComplaint(db, {
      complaintId: complaint.id,
      staffId: file.h.staff.owner,
      body: 'Maaf, kami kirim hari ini.',
      now: new Date(opened.getTime() + 45 * 60_000),
    });
    const ratedDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(rated);
    const weekBefore = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(
      new Date(rated.getTime() - 7 * 86_400_000),
    );
    const { html } = await file.admin.page(
      `/admin/reports?from=${weekBefore}&to=${ratedDay}&granularity=day`,
    );
    expect(html).toContain('Keluhan &amp; waktu balas');
    expect(html).toMatch(/<td>Keluhan masuk<\/td><td class="num">1<\/td>/);
    expect(html).toMatch(/<td>Sudah dibalas staf<\/td><td class="num">1<\/td>/);
    expect(html).toMatch(/<td>Rata-rata waktu balas pertama<\/td><td class="num">45 menit<\/td>/);
    expect(html).toContain('Rating per bulan');
    expect(html).toMatch(/<td class="num">1<\/td><td class="num">4 <span class="stars">★★★★☆<\/span><\/td>/);

    const quiet = await file.admin.page('/admin/reports?from=2025-01-01&to=2025-01-31&granularity=day');
    expect(quiet.html).toContain('Tidak ada keluhan yang masuk pada periode ini.');
    expect(quiet.html).toContain('Belum ada rating pada periode ini.');
  });

  it('rejects a reversed period with 400 at the field', async () => {
    const page = await file.admin.page('/admin/reports?from=2026-12-31&to=2026-01-01&granularity=day');
    expect(page.status).toBe(400);
    expect(page.html).toMatch(/data-field="to">Tanggal akhir harus setelah tanggal awal/);
    expect((await file.admin.get('/admin/reports/revenue.csv?from=x&to=y&granularity=day')).status).toBe(400);
  });
});

describe('rewards', () => {
  it('shows the rules and a customer ledger with an adjustment form', async () => {
    const { customer } = await bookingWithProof(file.h, { name: 'Poin Pelanggan', daysAhead: 2 });
    expect((await file.admin.page('/admin/rewards')).html).toContain('Aturan poin');
    const ledger = await file.admin.page(`/admin/rewards/${customer.id}`);
    expect(ledger.html).toContain('Saldo poin');
    const response = await file.admin.post(`/admin/customers/${customer.id}/points`, {
      delta: '25',
      note: 'Kompensasi',
      back: 'rewards',
    });
    expect(response.headers.get('location')).toBe(`/admin/rewards/${customer.id}?flash=pointsAdjusted`);
  });

  it('pages through every customer on the rewards page, and answers a tampered page link with 400', async () => {
    for (let i = 0; i < 35; i++)
      await createCustomerByStaff(file.h.database.db, { name: `Poin Massal ${i}` });
    const first = await file.admin.page('/admin/rewards?q=massal');
    expect(first.html).toContain('Poin Massal 34');
    const next = /href="([^"]+)" rel="next"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const second = await file.admin.page(next!);
    expect(second.html).toContain('Poin Massal 0<');
    expect(second.html).not.toContain('Poin Massal 34<');
    await expectFieldErrors(await file.admin.get('/admin/rewards?cursor=abc'), 400, {
      cursor: 'Tautan halaman ini tidak valid. Silakan mulai lagi dari halaman awal.',
    });
  });

  it('a refused adjustment sent from the rewards ledger is answered on that ledger, next to its form', async () => {
    const { customer } = await bookingWithProof(file.h, { name: 'Poin Ditolak', daysAhead: 2 });
    await file.admin.page(`/admin/rewards/${customer.id}`);
    const html = await expectFieldErrors(
      await file.admin.post(`/admin/customers/${customer.id}/points`, {
        delta: 'lima',
        note: 'x',
        back: 'rewards',
      }),
      400,
      { delta: 'Isi dengan angka bulat' },
    );
    expect(html).toContain('Poin &amp; Hadiah: Poin Ditolak');
    expect(html).toContain('name="back" value="rewards"');
  });
});
