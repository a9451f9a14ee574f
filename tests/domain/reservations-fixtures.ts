import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../db/client.ts';
import { customers, products, staffUsers } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { recordPoints } from '../../src/loyalty/ledger.ts';
import { createReservation } from '../../src/reservations/index.ts';
import type { Reservation } from '../../src/reservations/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * Shared set-up for the reservation tests. The studio is in Asia/Jakarta (UTC+7, no DST): every
 * instant below is written as local wall-clock time through `wib`.
 * Tuesday 1 December 2026, 08:00 WIB is the tests' "now" unless a test moves it.
 */
export const NOW = wib('2026-12-01', '08:00');

/** The instant the studio's clock shows `date` `time` (Asia/Jakarta is always UTC+7). */
export function wib(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+07:00`);
}

export async function studioDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase(options);
  await seedDemoStudio(database.db);
  return database;
}

/** The booking tests' stage: the demo studio, its portrait package (STD-01, Rp 150.000) and one staff member. */
export async function portraitStudio(
  options: { max?: number } = {},
): Promise<{ database: TestDatabase; db: Db; portrait: number; staffId: number }> {
  const database = await studioDatabase(options);
  const { db } = database;
  return { database, db, portrait: await productId(db, 'STD-01'), staffId: await newStaff(db) };
}

/** A small photo (40×30 px, one colour), as a customer sends a transfer receipt. */
export function photo(format: 'png' | 'jpeg' | 'webp' = 'png'): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#3b82f6' } })
    .toFormat(format)
    .toBuffer();
}

/**
 * A new customer's pending_payment hold at `startAt`, booked at NOW. `balance`: points the customer
 * has; `redeem`: points the booking spends.
 */
export async function newHold(
  db: Db,
  input: { productId: number; startAt: Date; balance?: number; redeem?: number },
): Promise<{ reservation: Reservation; customerId: number }> {
  const customerId = await newCustomer(db, { points: input.balance });
  const { reservation } = await createReservation(db, {
    customerId,
    productId: input.productId,
    startAt: input.startAt,
    pointsToRedeem: input.redeem ?? 0,
    now: NOW,
  });
  return { reservation, customerId };
}

export async function productId(db: Db, code: string): Promise<number> {
  const [row] = await db.select({ id: products.id }).from(products).where(eq(products.code, code));
  if (!row) throw new Error(`no product ${code}`);
  return row.id;
}

/** A customer inserted directly (registration has its own tests), optionally with points. */
export async function newCustomer(db: Db, options: { points?: number; name?: string } = {}): Promise<number> {
  const suffix = randomBytes(4).readUInt32BE() % 100_000_000;
  const [row] = await db
    .insert(customers)
    .values({
      name: options.name ?? `Pelanggan ${suffix}`,
      phone: `+62812${String(suffix).padStart(8, '0')}`,
      referralCode: randomBytes(4).toString('hex').toUpperCase(),
    })
    .returning({ id: customers.id });
  if (options.points) {
    await recordPoints(db, { customerId: row!.id, delta: options.points, reason: 'manual', note: 'test' });
  }
  return row!.id;
}

export async function newStaff(db: Db, name = 'Staf'): Promise<number> {
  const [row] = await db
    .insert(staffUsers)
    .values({
      email: `${randomBytes(4).toString('hex')}@potret.test`,
      name,
      role: 'staff',
      passwordHash: 'x',
    })
    .returning({ id: staffUsers.id });
  return row!.id;
}

export async function balanceOf(db: Db, customerId: number): Promise<number> {
  const [row] = await db
    .select({ b: customers.pointsBalance })
    .from(customers)
    .where(eq(customers.id, customerId));
  return row!.b;
}

export async function countRows(
  db: Db,
  table: 'reservations' | 'reservation_items' | 'payment_proofs' | 'files' | 'points_ledger',
): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return rows[0]!.n;
}

/** The demo bundle whose add-on has this product code (each demo add-on is in exactly one bundle). */
export async function bundleFor(db: Db, addonCode: string): Promise<number> {
  const rows = await db.execute<{ id: number }>(
    sql`select b.id from bundles b join products p on p.id = b.addon_product_id where p.code = ${addonCode}`,
  );
  if (!rows[0]) throw new Error(`no bundle for ${addonCode}`);
  return rows[0].id;
}
