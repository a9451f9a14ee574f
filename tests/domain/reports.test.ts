import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings } from '../../db/schema/index.ts';
import type { AppError } from '../../src/errors.ts';
import { closeComplaint, openComplaint, replyToComplaint } from '../../src/feedback/index.ts';
import {
  bookingsPerCategory,
  complaintStats,
  dashboardCharts,
  dashboardSummary,
  itemsSold,
  itemsSoldReport,
  ratingsPerProduct,
  ratingTrend,
  revenueReport,
  sessionOutcomes,
} from '../../src/reports/index.ts';
import { confirmReservation, createReservation, markNoShow } from '../../src/reservations/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import {
  newCustomer,
  newReservation,
  newStaff,
  productByCode,
  studioDatabase,
  wib,
} from './feedback-fixtures.ts';
import { bundleFor, newCustomer as customerWithPoints } from './reservations-fixtures.ts';

/**
 * One small studio history, written out so every figure below can be checked by hand.
 * Prices: STD-01 150.000, STD-02 250.000, WIS-01 200.000, KEL-01 350.000, ADD-10R 100.000, ADD-MUA 150.000.
 */
let database: TestDatabase;
let customerId: number;

async function rate(itemId: number, stars: number, at: Date, reservationId: number, code: string) {
  const product = await productByCode(database.db, code);
  await database.db.insert(ratings).values({
    reservationItemId: itemId,
    reservationId,
    customerId,
    productId: product.id,
    stars,
    createdAt: at,
  });
}

beforeAll(async () => {
  database = await studioDatabase();
  const db = database.db;
  customerId = await newCustomer(db, { name: 'Dewi Laporan' });
  const booking = (
    status: Parameters<typeof newReservation>[1]['status'],
    startAt: Date,
    items: Parameters<typeof newReservation>[1]['items'],
    extra = {},
  ) => newReservation(db, { customerId, status, startAt, items, ...extra });

  // 1 Nov 00:30 WIB is still 31 Oct in UTC: the report must use the studio's day.
  const r1 = await booking('completed', wib('2026-11-01', '00:30'), ['STD-01']); // 150.000
  // Bundle price for the make-up and 20.000 of points: lines 200.000 + 120.000, paid 300.000.
  const r2 = await booking(
    'confirmed',
    wib('2026-11-01', '10:00'),
    ['WIS-01', { code: 'ADD-MUA', unitPrice: 120_000 }],
    { total: 300_000 },
  );
  const r3 = await booking('completed', wib('2026-11-03', '14:00'), [
    'KEL-01',
    { code: 'ADD-10R', quantity: 2, unitPrice: 75_000 },
  ]); // 500.000
  await booking('cancelled', wib('2026-11-02', '10:00'), ['STD-02']);
  await booking('pending_payment', wib('2026-11-04', '10:00'), ['STD-02']);
  await booking('expired', wib('2026-11-04', '11:00'), ['STD-02']);
  const r6 = await booking('completed', wib('2026-10-31', '23:30'), ['STD-01']); // October, 150.000
  const r7 = await booking('completed', wib('2026-11-30', '23:59'), ['STD-02']); // 250.000
  const r8 = await booking('confirmed', wib('2026-12-01', '00:00'), ['KEL-01']); // December, 350.000
  const r9 = await booking('completed', wib('2026-09-10', '10:00'), ['STD-01']); // before every period
  // Dashboard "now" is 1 Dec 08:00 WIB.
  await booking('awaiting_confirmation', wib('2026-12-01', '14:00'), ['WIS-01', 'ADD-MUA'], {
    proofSubmittedAt: wib('2026-11-30', '20:00'),
  });
  await booking('cancelled', wib('2026-12-01', '15:00'), ['STD-01']);
  await booking('pending_payment', wib('2026-12-03', '10:00'), ['STD-02']);
  await booking('awaiting_confirmation', wib('2026-12-05', '10:00'), ['STD-01'], {
    proofSubmittedAt: wib('2026-12-01', '07:00'),
  });
  await booking('confirmed', wib('2026-12-09', '10:00'), ['STD-01']); // beyond the week ahead; December revenue

  await rate(r1.itemIds[0]!, 5, wib('2026-11-02', '12:00'), r1.id, 'STD-01');
  await rate(r6.itemIds[0]!, 3, wib('2026-10-31', '12:00'), r6.id, 'STD-01');
  await rate(r9.itemIds[0]!, 5, wib('2026-11-06', '12:00'), r9.id, 'STD-01');
  await rate(r3.itemIds[0]!, 4, wib('2026-11-05', '12:00'), r3.id, 'KEL-01');
  await rate(r3.itemIds[1]!, 2, wib('2026-11-05', '12:00'), r3.id, 'ADD-10R');
  await rate(r7.itemIds[0]!, 5, wib('2026-12-01', '10:00'), r7.id, 'STD-02');
  void r2;
  void r8;
  // February 2027 is left to the sessions and the reconciliation of items with revenue below.
  await booking('completed', wib('2027-02-09', '10:00'), ['STD-02']); // 250.000

  const staffId = await newStaff(db);
  const complaint = async (opened: Date, replies: Date[], closedAt?: Date) => {
    const c = await openComplaint(db, { customerId, subject: 'Keluhan', body: 'isi', now: opened });
    for (const at of replies)
      await replyToComplaint(db, { complaintId: c.id, staffId, body: 'balasan', now: at });
    if (closedAt) await closeComplaint(db, { complaintId: c.id, staffId, now: closedAt });
  };
  await complaint(wib('2026-11-02', '09:00'), [wib('2026-11-02', '09:30')], wib('2026-11-03', '09:00')); // 30 min
  await complaint(wib('2026-11-05', '10:00'), [wib('2026-11-05', '12:00')]); // 120 min, answered
  await complaint(
    wib('2026-11-10', '08:00'),
    [wib('2026-11-10', '08:10'), wib('2026-11-11', '08:00')],
    wib('2026-11-12', '08:00'),
  ); // 10 min
  await complaint(wib('2026-11-20', '20:00'), []); // still waiting
  await complaint(wib('2026-11-21', '20:00'), [], wib('2026-11-22', '08:00')); // closed unanswered
  await complaint(wib('2026-10-31', '23:00'), [wib('2026-11-01', '15:40')]); // October's
});
afterAll(() => database.drop());

describe('reports', () => {
  it('revenue per day: confirmed and completed bookings by session date, empty days included', async () => {
    const report = await revenueReport(database.db, {
      from: '2026-11-01',
      to: '2026-11-03',
      granularity: 'day',
    });
    expect(report.periods).toEqual([
      { period: '2026-11-01', count: 2, revenue: 450_000 },
      { period: '2026-11-02', count: 0, revenue: 0 },
      { period: '2026-11-03', count: 1, revenue: 500_000 },
    ]);
    expect(report.total).toEqual({ count: 3, revenue: 950_000 });
  });

  it('revenue per month, across a year end of empty months too', async () => {
    const report = await revenueReport(database.db, {
      from: '2026-10-01',
      to: '2027-01-31',
      granularity: 'month',
    });
    expect(report.periods).toEqual([
      { period: '2026-10', count: 1, revenue: 150_000 },
      { period: '2026-11', count: 4, revenue: 1_200_000 },
      { period: '2026-12', count: 2, revenue: 500_000 },
      { period: '2027-01', count: 0, revenue: 0 },
    ]);
    const partial = await revenueReport(database.db, {
      from: '2026-11-15',
      to: '2026-11-30',
      granularity: 'month',
    });
    expect(partial.periods).toEqual([{ period: '2026-11', count: 1, revenue: 250_000 }]);
  });

  it('reads days on the clock it is given', async () => {
    const utc = await revenueReport(database.db, {
      from: '2026-10-31',
      to: '2026-11-01',
      granularity: 'day',
      timeZone: 'UTC',
    });
    expect(utc.periods).toEqual([
      { period: '2026-10-31', count: 2, revenue: 300_000 },
      { period: '2026-11-01', count: 1, revenue: 300_000 },
    ]);
  });

  it('items sold per product, with quantities and line revenue', async () => {
    const rows = await itemsSold(database.db, { from: '2026-11-01', to: '2026-11-30' });
    expect(rows.map((r) => [r.code, r.quantity, r.revenue])).toEqual([
      ['KEL-01', 1, 350_000],
      ['STD-02', 1, 250_000],
      ['WIS-01', 1, 200_000],
      ['ADD-10R', 2, 150_000],
      ['STD-01', 1, 150_000],
      ['ADD-MUA', 1, 120_000],
    ]);
  });

  it('items sold add up to the revenue: bundle savings on their lines, points on the booking', async () => {
    const db = database.db;
    const staffId = await newStaff(db);
    const customer = await customerWithPoints(db, { points: 500 });
    const { reservation } = await createReservation(db, {
      customerId: customer,
      productId: (await productByCode(db, 'WIS-01')).id,
      startAt: wib('2027-02-10', '10:00'),
      bundleIds: [await bundleFor(db, 'ADD-MUA')],
      pointsToRedeem: 100,
      now: wib('2027-02-01', '09:00'),
    });
    await confirmReservation(db, { reservationId: reservation.id, staffId, now: wib('2027-02-01', '10:00') });
    expect(reservation.discount).toBeGreaterThan(0);
    expect(reservation.total).toBeLessThan(reservation.subtotal - reservation.discount);
    const period = { from: '2027-02-01', to: '2027-02-28' };
    const sold = await itemsSoldReport(db, period);
    const revenue = await revenueReport(db, { ...period, granularity: 'month' });
    expect(sold.revenue).toBe(revenue.total.revenue);
    expect(sold.items.reduce((sum, i) => sum + i.revenue, 0) - sold.bookingDiscounts).toBe(
      revenue.total.revenue,
    );
    expect(sold.bookingDiscounts).toBe(reservation.subtotal - reservation.discount - reservation.total);
    const mua = sold.items.find((i) => i.code === 'ADD-MUA')!;
    expect(mua).toMatchObject({ quantity: 1, listRevenue: 150_000, discount: reservation.discount });
    expect(mua.revenue).toBe(150_000 - reservation.discount);
  });

  it('counts no-shows apart from completed sessions, and their payment as revenue', async () => {
    const db = database.db;
    const staffId = await newStaff(db);
    const customer = await customerWithPoints(db);
    const { reservation } = await createReservation(db, {
      customerId: customer,
      productId: (await productByCode(db, 'STD-01')).id,
      startAt: wib('2027-02-11', '10:00'),
      now: wib('2027-02-01', '09:00'),
    });
    const before = await revenueReport(db, { from: '2027-02-11', to: '2027-02-11', granularity: 'day' });
    await confirmReservation(db, { reservationId: reservation.id, staffId, now: wib('2027-02-01', '10:00') });
    await markNoShow(db, { reservationId: reservation.id, staffId, now: wib('2027-02-11', '11:00') });
    const feb = await sessionOutcomes(db, { from: '2027-02-01', to: '2027-02-28' });
    // The 9th completed, the 10th confirmed (the reconciliation above, when run first), the 11th missed.
    expect(feb).toMatchObject({ completed: 1, noShow: 1 });
    expect(feb.noShowRate).toBe(50);
    const after = await revenueReport(db, { from: '2027-02-11', to: '2027-02-11', granularity: 'day' });
    expect(after.total.revenue - before.total.revenue).toBe(reservation.total);
    expect(await sessionOutcomes(db, { from: '2026-11-01', to: '2026-11-30' })).toEqual({
      completed: 3,
      noShow: 0,
      confirmed: 1,
      noShowRate: 0,
    });
  });

  it('bookings per category of their package', async () => {
    const rows = await bookingsPerCategory(database.db, { from: '2026-11-01', to: '2026-11-30' });
    expect(rows).toEqual([
      { category: 'studio', count: 2, revenue: 400_000 },
      { category: 'keluarga', count: 1, revenue: 500_000 },
      { category: 'wisuda', count: 1, revenue: 300_000 },
    ]);
  });

  it('ratings per product: average, count and distribution, all time or for a period', async () => {
    const all = await ratingsPerProduct(database.db);
    expect(all.map((r) => [r.code, r.count, r.average])).toEqual([
      ['STD-01', 3, 4.33],
      ['ADD-10R', 1, 2],
      ['KEL-01', 1, 4],
      ['STD-02', 1, 5],
    ]);
    expect(all[0]!.distribution).toEqual({ 1: 0, 2: 0, 3: 1, 4: 0, 5: 2 });
    const november = await ratingsPerProduct(database.db, { from: '2026-11-01', to: '2026-11-30' });
    expect(november.map((r) => [r.code, r.count, r.average])).toEqual([
      ['STD-01', 2, 5],
      ['ADD-10R', 1, 2],
      ['KEL-01', 1, 4],
    ]);
  });

  it('rating trend per month, of all products or one, months without ratings included', async () => {
    expect(await ratingTrend(database.db, { from: '2026-09-01', to: '2026-12-31' })).toEqual([
      { period: '2026-09', count: 0, average: null },
      { period: '2026-10', count: 1, average: 3 },
      { period: '2026-11', count: 4, average: 4 }, // 5, 5, 4, 2
      { period: '2026-12', count: 1, average: 5 },
    ]);
    const studio = await productByCode(database.db, 'STD-01');
    const one = await ratingTrend(database.db, {
      from: '2026-10-01',
      to: '2026-11-30',
      productId: studio.id,
    });
    expect(one).toEqual([
      { period: '2026-10', count: 1, average: 3 },
      { period: '2026-11', count: 2, average: 5 },
    ]);
  });

  it('complaint figures for the complaints opened in the period', async () => {
    expect(await complaintStats(database.db, { from: '2026-11-01', to: '2026-11-30' })).toEqual({
      opened: 5,
      answered: 3,
      closed: 3,
      awaitingReply: 1,
      averageFirstReplyMinutes: 53.3, // (30 + 120 + 10) / 3
      medianFirstReplyMinutes: 30,
    });
    expect(await complaintStats(database.db, { from: '2026-12-01', to: '2026-12-31' })).toEqual({
      opened: 0,
      answered: 0,
      closed: 0,
      awaitingReply: 0,
      averageFirstReplyMinutes: null,
      medianFirstReplyMinutes: null,
    });
  });

  it('dashboard: today, the week ahead, proofs waiting, this month against last, rating and complaints', async () => {
    const summary = await dashboardSummary(database.db, wib('2026-12-01', '08:00'));
    expect(summary.today).toBe('2026-12-01');
    expect(summary.todaySessions.map((s) => [s.status, s.items, s.customerName])).toEqual([
      ['confirmed', 'Foto Keluarga Kecil', 'Dewi Laporan'],
      ['awaiting_confirmation', 'Wisuda Personal, Make Up (MUA)', 'Dewi Laporan'],
    ]);
    expect(summary.upcomingSessions.map((s) => s.startAt)).toEqual([
      wib('2026-12-03', '10:00'),
      wib('2026-12-05', '10:00'),
    ]);
    expect(summary.proofsWaiting).toEqual({
      count: 2,
      oldestSubmittedAt: wib('2026-11-30', '20:00'),
      oldestWaitMinutes: 720,
    });
    expect(summary.rating).toEqual({ average: 4, count: 6, distribution: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 3 } });
    expect(summary.complaints).toEqual({ open: 1, answered: 2 });
  });

  it('dashboard charts: this month and last month are the revenue chart’s own last two columns', async () => {
    const at = wib('2026-12-01', '08:00');
    const charts = await dashboardCharts(database.db, at, { revenue: true });
    expect(charts.at).toEqual(at);
    // Whole months, December's sessions still ahead included.
    expect(charts.revenue?.months.periods.map((p) => p.period)).toEqual([
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(charts.revenue?.thisMonth).toEqual({ month: '2026-12', count: 2, revenue: 500_000 });
    expect(charts.revenue?.lastMonth).toEqual({ month: '2026-11', count: 4, revenue: 1_200_000 });
    expect(charts.categories.length).toBeGreaterThan(0);
    // Staff do not see revenue: none is read for them.
    const forStaff = await dashboardCharts(database.db, at, { revenue: false });
    expect(forStaff.revenue).toBeUndefined();
    expect(forStaff.categories).toEqual(charts.categories);
  });

  it('refuses periods that are not periods, with the field at fault', async () => {
    const fieldOf = async (input: Parameters<typeof revenueReport>[1]) =>
      ((await revenueReport(database.db, input).catch((e: unknown) => e)) as AppError).fields.map(
        (f) => f.field,
      );
    expect(await fieldOf({ from: '2026-11-30', to: '2026-11-01', granularity: 'day' })).toEqual(['to']);
    expect(await fieldOf({ from: '2026-02-30', to: '2026-03-01', granularity: 'day' })).toEqual(['from']);
    expect(await fieldOf({ from: '2020-01-01', to: '2026-01-01', granularity: 'day' })).toEqual(['to']);
    expect(await fieldOf({ from: '2026-01-01', to: '2026-01-31', granularity: 'week' as 'day' })).toEqual([
      'granularity',
    ]);
    expect(
      await fieldOf({ from: '2026-01-01', to: '2026-01-31', granularity: 'day', timeZone: 'Mars/Base' }),
    ).toEqual(['timeZone']);
  });
});
