import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, bookingWithProof, createHarness, type Harness, loggedIn } from './harness.ts';

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
    const paths = [
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
    const names = [
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
    const bad: string[] = [];
    for (const path of paths) {
      for (const value of junk) {
        const fields = Object.fromEntries(names.map((n) => [n, value]));
        const r = await owner.post(path, fields);
        if (r.status >= 500) bad.push(`${path} ${value} ${r.status}`);
      }
      const empty = await owner.post(path, {});
      if (empty.status >= 500) bad.push(`${path} (empty) ${empty.status}`);
    }
    expect(bad).toEqual([]);
  });
});
