import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type Channel,
  channelIdentities,
  customers,
  products,
  type ReservationStatus,
  reservationItems,
  reservations,
} from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

import { NOW } from './reservations-fixtures.ts';

export { newStaff } from './reservations-fixtures.ts';

/**
 * Set-up shared by the feedback, FAQ, broadcast and report tests. Rows are inserted directly with
 * drizzle: the functions that create customers and bookings are other areas' and have their own tests.
 * Times are written as Asia/Jakarta wall-clock (always UTC+7) through `wib`. A time a test leaves out
 * (created, seen, anonymized, unreachable) is the booking tests' NOW, never the real date.
 */
export function wib(date: string, time = '00:00'): Date {
  return new Date(`${date}T${time}:00+07:00`);
}

export async function studioDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await seedDemoStudio(database.db);
  return database;
}

export async function productByCode(
  db: Db,
  code: string,
): Promise<{ id: number; price: number; name: string; kind: 'package' | 'addon' }> {
  const [row] = await db
    .select({ id: products.id, price: products.price, name: products.name, kind: products.kind })
    .from(products)
    .where(eq(products.code, code));
  if (!row) throw new Error(`no product ${code}`);
  return row;
}

export interface IdentitySpec {
  channel: Channel;
  externalId?: string;
  lastSeenAt?: Date;
  unreachable?: boolean;
}

export interface CustomerSpec {
  name?: string;
  membership?: 'member' | 'regular';
  promoOptIn?: boolean;
  anonymized?: boolean;
  lastActiveAt?: Date | null;
  /** Chats the customer can be reached on; one Telegram chat unless told otherwise. */
  identities?: IdentitySpec[];
}

export async function newCustomer(db: Db, spec: CustomerSpec = {}): Promise<number> {
  const suffix = randomBytes(4).readUInt32BE() % 100_000_000;
  const [row] = await db
    .insert(customers)
    .values({
      name: spec.name ?? `Pelanggan ${suffix}`,
      phone: `+62812${String(suffix).padStart(8, '0')}`,
      referralCode: randomBytes(5).toString('hex').toUpperCase(),
      membership: spec.membership ?? 'regular',
      promoOptIn: spec.promoOptIn ?? true,
      lastActiveAt: spec.lastActiveAt ?? null,
      anonymizedAt: spec.anonymized ? NOW : null,
    })
    .returning({ id: customers.id });
  const identities = spec.identities ?? [{ channel: 'telegram' }];
  for (const identity of identities) {
    await db.insert(channelIdentities).values({
      customerId: row!.id,
      channel: identity.channel,
      externalId: identity.externalId ?? `${identity.channel}-${randomBytes(6).toString('hex')}`,
      lastSeenAt: identity.lastSeenAt ?? NOW,
      unreachableAt: identity.unreachable ? NOW : null,
    });
  }
  return row!.id;
}

export interface ReservationSpec {
  customerId: number;
  status: ReservationStatus;
  startAt: Date;
  /** Product codes with optional quantity and price; the first is the package. */
  items: Array<string | { code: string; quantity?: number; unitPrice?: number }>;
  /** Defaults to the sum of the lines. */
  total?: number;
  createdAt?: Date;
  proofSubmittedAt?: Date;
}

/** A booking with its lines, in any status, without going through the booking rules. */
export async function newReservation(
  db: Db,
  spec: ReservationSpec,
): Promise<{ id: number; code: string; itemIds: number[] }> {
  const lines = [];
  for (const item of spec.items) {
    const { code, quantity = 1, unitPrice } = typeof item === 'string' ? { code: item } : item;
    const product = await productByCode(db, code);
    const price = unitPrice ?? product.price;
    lines.push({
      productId: product.id,
      kind: product.kind,
      name: product.name,
      unitPrice: price,
      quantity,
      lineTotal: price * quantity,
    });
  }
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const [reservation] = await db
    .insert(reservations)
    .values({
      customerId: spec.customerId,
      status: spec.status,
      startAt: spec.startAt,
      endAt: new Date(spec.startAt.getTime() + 60 * 60_000),
      subtotal,
      discount: subtotal - (spec.total ?? subtotal),
      total: spec.total ?? subtotal,
      createdAt: spec.createdAt ?? NOW,
      proofSubmittedAt: spec.proofSubmittedAt ?? null,
      confirmedAt: spec.status === 'confirmed' || spec.status === 'completed' ? spec.startAt : null,
      completedAt: spec.status === 'completed' ? spec.startAt : null,
    })
    .returning({ id: reservations.id, code: reservations.code });
  const items = await db
    .insert(reservationItems)
    .values(lines.map((l) => ({ ...l, reservationId: reservation!.id })))
    .returning({ id: reservationItems.id });
  return { id: reservation!.id, code: reservation!.code, itemIds: items.map((i) => i.id) };
}

export async function countRows(db: Db, table: string): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return rows[0]!.n;
}
