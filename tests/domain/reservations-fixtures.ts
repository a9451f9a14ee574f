import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers, products, staffUsers } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { recordPoints } from '../../src/loyalty/ledger.ts';
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
