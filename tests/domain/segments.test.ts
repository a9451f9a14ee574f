import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/errors.ts';
import { countSegment, type SegmentInput, type SegmentRow, segmentPage } from '../../src/broadcasts/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { newCustomer, newReservation, studioDatabase, wib } from './feedback-fixtures.ts';

const NOW = wib('2026-12-01', '08:00');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

let database: TestDatabase;
/** Customers by the letter the expectations below use. */
const c: Record<string, number> = {};

beforeAll(async () => {
  database = await studioDatabase();
  const db = database.db;
  const recent = daysAgo(1);
  c.A = await newCustomer(db, { lastActiveAt: recent });
  c.B = await newCustomer(db, {
    membership: 'member',
    lastActiveAt: recent,
    identities: [{ channel: 'whatsapp' }],
  });
  c.C = await newCustomer(db, { promoOptIn: false, lastActiveAt: recent });
  c.D = await newCustomer(db, { membership: 'member', anonymized: true, lastActiveAt: daysAgo(200) });
  c.E = await newCustomer(db, { lastActiveAt: null, identities: [] });
  c.F = await newCustomer(db, {
    membership: 'member',
    identities: [{ channel: 'telegram', unreachable: true }],
  });
  c.G = await newCustomer(db, {
    lastActiveAt: recent,
    identities: [
      { channel: 'telegram', externalId: 'tg-G', lastSeenAt: daysAgo(10) },
      { channel: 'whatsapp', externalId: '6281200000007@c.us', lastSeenAt: daysAgo(1) },
    ],
  });
  c.H = await newCustomer(db, { lastActiveAt: daysAgo(60) });
  await newReservation(db, {
    customerId: c.H,
    status: 'completed',
    startAt: daysAgo(59),
    createdAt: daysAgo(60),
    items: ['WIS-01'],
  });
  c.I = await newCustomer(db, { lastActiveAt: recent });
  await newReservation(db, {
    customerId: c.I,
    status: 'cancelled',
    startAt: daysAgo(1),
    createdAt: daysAgo(2),
    items: ['WIS-01'],
  });
  c.J = await newCustomer(db, {
    membership: 'member',
    lastActiveAt: daysAgo(40),
    identities: [{ channel: 'web' }],
  });
  await newReservation(db, {
    customerId: c.J,
    status: 'confirmed',
    startAt: wib('2026-12-05', '10:00'),
    createdAt: daysAgo(3),
    items: ['KEL-01', 'ADD-10R'],
  });
  c.K = await newCustomer(db, { lastActiveAt: daysAgo(100) });
  await newReservation(db, {
    customerId: c.K,
    status: 'completed',
    startAt: daysAgo(99),
    createdAt: daysAgo(100),
    items: ['STD-01'],
  });
  c.L = await newCustomer(db, { lastActiveAt: null });
  c.M = await newCustomer(db, { lastActiveAt: daysAgo(5) });
  c.N = await newCustomer(db, { lastActiveAt: daysAgo(100) });
  await newReservation(db, {
    customerId: c.N,
    status: 'pending_payment',
    startAt: daysAgo(-3),
    createdAt: daysAgo(10),
    items: ['STD-01'],
  });
});
afterAll(() => database.drop());

/** Every row of the segment, paged three at a time to exercise the keyset. */
async function allRows(segment: SegmentInput): Promise<SegmentRow[]> {
  const rows: SegmentRow[] = [];
  let after = 0;
  for (;;) {
    const page = await segmentPage(database.db, segment, { afterCustomerId: after, limit: 3, now: NOW });
    rows.push(...page);
    if (page.length < 3) return rows;
    after = page.at(-1)!.customerId;
  }
}

async function letters(segment: SegmentInput): Promise<string> {
  const ids = new Set((await allRows(segment)).map((r) => r.customerId));
  return Object.keys(c)
    .filter((letter) => ids.has(c[letter]!))
    .join('');
}

describe('broadcast segments', () => {
  it('all: everyone reachable, opted-out flagged; never anonymised, unreachable or chat-less customers', async () => {
    expect(await letters({})).toBe('ABCGHIJKLMN');
    const rows = await allRows({});
    expect(rows.find((r) => r.customerId === c.C)?.optedIn).toBe(false);
    expect(rows.filter((r) => r.customerId !== c.C).every((r) => r.optedIn)).toBe(true);
    expect(await countSegment(database.db, {}, NOW)).toBe(10);
  });

  it('members and regulars', async () => {
    expect(await letters({ membership: 'member' })).toBe('BJ');
    expect(await countSegment(database.db, { membership: 'member' }, NOW)).toBe(2);
    expect(await letters({ membership: 'regular' })).toBe('ACGHIKLMN');
    expect(await countSegment(database.db, { membership: 'regular' }, NOW)).toBe(8);
  });

  it('by channel: reachable there, and the message goes there', async () => {
    expect(await letters({ channel: 'whatsapp' })).toBe('BG');
    expect(await letters({ channel: 'web' })).toBe('J');
    expect(await letters({ channel: 'telegram' })).toBe('ACGHIKLMN');
    const telegramG = (await allRows({ channel: 'telegram' })).find((r) => r.customerId === c.G);
    expect(telegramG).toMatchObject({ channel: 'telegram', externalId: 'tg-G' });
  });

  it('delivers to the most recently seen reachable chat when no channel is chosen', async () => {
    const g = (await allRows({})).find((r) => r.customerId === c.G);
    expect(g).toMatchObject({ channel: 'whatsapp', externalId: '6281200000007@c.us' });
  });

  it('bought a category: confirmed or completed bookings with an item in it, not cancelled ones', async () => {
    expect(await letters({ boughtCategory: 'wisuda' })).toBe('H');
    expect(await letters({ boughtCategory: 'keluarga' })).toBe('J');
    expect(await letters({ boughtCategory: 'tambahan' })).toBe('J');
    expect(await countSegment(database.db, { boughtCategory: 'pernikahan' }, NOW)).toBe(0);
  });

  it('inactive for N days: no booking made and no chat in that time', async () => {
    // M chatted 5 days ago; N booked 10 days ago; J booked 3 days ago though silent for 40.
    expect(await letters({ inactiveDays: 30 })).toBe('HKL');
    expect(await letters({ inactiveDays: 90 })).toBe('KL');
    expect(await letters({ inactiveDays: 4 })).toBe('HKLMN');
  });

  it('combines conditions', async () => {
    expect(await letters({ membership: 'regular', channel: 'telegram', inactiveDays: 30 })).toBe('HKL');
    expect(await letters({ membership: 'member', boughtCategory: 'wisuda' })).toBe('');
  });

  it('refuses a malformed segment with the field at fault', async () => {
    for (const [segment, field] of [
      [{ inactiveDays: 0 }, 'inactiveDays'],
      [{ channel: 'sms' }, 'channel'],
      [{ membership: 'vip' }, 'membership'],
      [{ boughtCategory: '' }, 'boughtCategory'],
    ] as const) {
      const error = (await countSegment(database.db, segment as SegmentInput).catch(
        (e: unknown) => e,
      )) as AppError;
      expect(error).toMatchObject({ code: 'VALIDATION', fields: [{ field }] });
    }
  });
});
