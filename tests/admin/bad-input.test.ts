import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { complaintMessages, customers } from '../../db/schema/index.ts';
import { openComplaint } from '../../src/feedback/index.ts';
import { Agent, bookingWithProof, createHarness, type Harness, loggedIn } from './harness.ts';

let h: Harness;
let owner: Agent;
let reservationId: number;
let customerId: number;

beforeAll(async () => {
  h = await createHarness({ broadcasts: true });
  owner = await loggedIn(h.app, 'owner@studio.test');
  const booking = await bookingWithProof(h);
  reservationId = booking.reservation.id;
  customerId = booking.customer.id;
});
afterAll(() => h.close());

/** Values that are none of the things a field expects: text for numbers, a negative, too large, no such day. */
const junk = ['x', '-1', '9999999999999999999999', '2026-02-31', '%%%'];

describe('bad input gets an answer, never a server error', () => {
  it('GET pages with nonsense query values', async () => {
    const paths = [
      '/admin/reservations',
      '/admin/calendar',
      '/admin/customers',
      '/admin/customers/export.csv',
      '/admin/complaints',
      '/admin/ratings',
      '/admin/products',
      '/admin/bundles',
      '/admin/faq',
      '/admin/rewards',
      '/admin/broadcasts',
      '/admin/broadcasts/new',
      '/admin/broadcasts/api/count',
      '/admin/reports',
      '/admin/reports/revenue.csv',
      '/admin/reports/items.csv',
      '/admin/settings',
      '/admin/staff',
      '/admin/staff/audit',
      '/admin/',
    ];
    const params = [
      'status',
      'from',
      'to',
      'q',
      'cursor',
      'date',
      'view',
      'granularity',
      'productId',
      'membership',
      'channel',
      'boughtCategory',
      'inactiveDays',
      'page',
      'action',
      'staffId',
      'entityType',
    ];
    const bad: string[] = [];
    for (const path of paths) {
      for (const value of junk) {
        const query = params.map((p) => `${p}=${encodeURIComponent(value)}`).join('&');
        const r = await owner.get(`${path}?${query}`);
        if (r.status >= 500) bad.push(`${path} ${value} ${r.status}`);
        for (const p of params) {
          const one = await owner.get(`${path}?${p}=${encodeURIComponent(value)}`);
          if (one.status >= 500) bad.push(`${path}?${p}=${value} ${one.status}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('POST forms with nonsense values', async () => {
    await owner.page('/admin/');
    const paths = postPaths();
    const bad: string[] = [];
    for (const path of paths) {
      for (const value of junk) {
        const fields = Object.fromEntries(formNames.map((n) => [n, value]));
        const r = await owner.post(path, fields);
        if (r.status >= 500) bad.push(`${path} ${value} ${r.status}`);
      }
      const empty = await owner.post(path, {});
      if (empty.status >= 500) bad.push(`${path} (empty) ${empty.status}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('text Postgres cannot keep (a NUL) is refused at the edge: 400 naming the field, nothing written', () => {
  const nul = 'Sari\u0000Wulandari';

  it('the customer search: 400 naming q, and the same search without it still answers', async () => {
    const refused = await owner.get(`/admin/customers?q=${encodeURIComponent(nul)}`);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('karakter yang tidak bisa kami baca atau simpan');
    expect(html).toContain('(q)');
    const json = await owner.get(`/admin/customers?q=${encodeURIComponent(nul)}`, {
      accept: 'application/json',
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({
      error: {
        code: 'TEXT_UNREADABLE',
        fields: [{ field: 'q', message: expect.stringContaining('karakter') }],
      },
    });
    expect((await owner.get('/admin/customers?q=Sari')).status).toBe(200);
  });

  it('every page’s query parameters', async () => {
    const answers = await Promise.all(
      [
        '/admin/reservations',
        '/admin/complaints',
        '/admin/broadcasts/new',
        '/admin/reports',
        '/admin/staff/audit',
      ].map(
        async (path) =>
          [path, (await owner.get(`${path}?q=1&status=${encodeURIComponent(nul)}`)).status] as const,
      ),
    );
    expect(answers.filter(([, status]) => status !== 400)).toEqual([]);
  });

  it('the complaint reply: 400 naming body, no message stored, no notification', async () => {
    const db = h.database.db;
    const complaint = await openComplaint(db, {
      customerId,
      subject: 'Foto buram',
      body: 'Hasilnya buram',
      now: h.now(),
    });
    const messages = async () =>
      (
        await db
          .select({ n: count() })
          .from(complaintMessages)
          .where(eq(complaintMessages.complaintId, complaint.id))
      )[0]!.n;
    const before = await messages();
    const notified = h.notifier.calls.length;
    await owner.page(`/admin/complaints/${complaint.id}`);
    const refused = await owner.post(`/admin/complaints/${complaint.id}/reply`, {
      body: `Mohon maaf ${nul}`,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('(body)');
    expect(await messages()).toBe(before);
    expect(h.notifier.calls.length).toBe(notified);
    const replied = await owner.post(`/admin/complaints/${complaint.id}/reply`, { body: 'Mohon maaf, Kak' });
    expect(replied.status).toBe(303);
    expect(await messages()).toBe(before + 1);
  });

  it('every admin POST form, the sign-in included, with every field holding a NUL', async () => {
    await owner.page('/admin/');
    const paths = [
      ...postPaths(),
      `/admin/reservations/${reservationId}/confirm`,
      `/admin/reservations/${reservationId}/complete`,
      `/admin/reservations/${reservationId}/no-show`,
      '/admin/broadcasts/1/start',
      '/admin/broadcasts/1/cancel',
      '/admin/products/1',
      '/admin/faq/1',
      '/admin/faq/1/delete',
      `/admin/customers/${customerId}/link-chat`,
      `/admin/customers/${customerId}/anonymize`,
      '/admin/bundles/1',
      `/admin/staff/${h.staff.staff}`,
      '/admin/complaints/1/close',
      '/admin/logout',
    ];
    const answers: string[] = [];
    for (const path of paths) {
      const r = await owner.post(path, Object.fromEntries(formNames.map((n) => [n, nul])));
      if (r.status !== 400) answers.push(`${path} ${r.status}`);
    }
    // The sign-in form, before any session.
    const stranger = new Agent(h.app);
    await stranger.page('/admin/login');
    const login = await stranger.post('/admin/login', { email: 'owner@studio.test\u0000', password: 'x' });
    if (login.status !== 400) answers.push(`/admin/login ${login.status}`);
    expect(answers).toEqual([]);
    // Still signed in and unchanged: the owner's session and the studio's data.
    expect((await owner.get('/admin/customers')).status).toBe(200);
    const [customer] = await h.database.db.select().from(customers).where(eq(customers.id, customerId));
    expect(customer!.name).not.toContain('\u0000');
  });
});

/** Every admin POST route that takes a form (ids from the file's booking and customer). */
function postPaths(): string[] {
  return [
    `/admin/reservations/${reservationId}/cancel`,
    `/admin/reservations/${reservationId}/reschedule`,
    '/admin/customers',
    `/admin/customers/${customerId}`,
    `/admin/customers/${customerId}/membership`,
    `/admin/customers/${customerId}/points`,
    '/admin/products',
    '/admin/bundles',
    '/admin/faq',
    '/admin/broadcasts',
    '/admin/settings',
    '/admin/staff',
    '/admin/password',
    '/admin/locale',
    '/admin/faq/1/move',
    '/admin/products/1/active',
    '/admin/bundles/1/active',
    '/admin/complaints/1/reply',
  ];
}

/** Every field name the admin forms read. */
const formNames = [
  'name',
  'nameEn',
  'phone',
  'email',
  'membership',
  'locale',
  'delta',
  'note',
  'reason',
  'date',
  'time',
  'kind',
  'code',
  'category',
  'price',
  'durationMinutes',
  'addonProductId',
  'productIds',
  'bundlePrice',
  'discountAmount',
  'validFrom',
  'validTo',
  'question',
  'answer',
  'keywords',
  'direction',
  'title',
  'text',
  'scheduledAt',
  'inactiveDays',
  'channel',
  'boughtCategory',
  'role',
  'password',
  'current',
  'next',
  'active',
  'body',
  'slotMinutes',
  'capacity',
  'openingHours',
  'reminderTime',
  'pointsPerRupiah',
  'action',
];
