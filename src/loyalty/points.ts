import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { customers, pointsLedger } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { recordPoints } from './ledger.ts';
import { loadPointsRules, type PointsRules } from './rules.ts';

export type PointsEntryRow = typeof pointsLedger.$inferSelect;

export interface PointsSummary {
  balance: number;
  membership: 'member' | 'regular';
  /** Newest first. */
  history: PointsEntryRow[];
  rules: PointsRules;
}

/** What the customer sees under "Poin saya" and staff on the customer page. */
export async function getPointsSummary(
  db: DbOrTx,
  customerId: number,
  options: { limit?: number } = {},
): Promise<PointsSummary> {
  // Independent reads issued together go out in one socket write (postgres.js pipelines them).
  const [[customer], history, rules] = await Promise.all([
    db
      .select({ balance: customers.pointsBalance, membership: customers.membership })
      .from(customers)
      .where(eq(customers.id, customerId))
      .limit(1),
    db
      .select()
      .from(pointsLedger)
      .where(eq(pointsLedger.customerId, customerId))
      .orderBy(desc(pointsLedger.createdAt), desc(pointsLedger.id))
      .limit(Math.min(Math.max(options.limit ?? 20, 1), 200)),
    loadPointsRules(db),
  ]);
  if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${customerId}`);
  return { ...customer, history, rules };
}

const adjustSchema = z.object({
  customerId: z.number().int().positive(),
  delta: z
    .number()
    .int()
    .refine((n) => n !== 0, 'Must not be zero')
    .refine((n) => Math.abs(n) <= 1_000_000, 'Too large'),
  note: z.string().trim().min(1).max(500),
  staffId: z.number().int().positive().nullish(),
});
export type AdjustPointsInput = z.input<typeof adjustSchema>;

/**
 * A manual correction by staff, with the reason written down. A debit larger than the balance fails
 * with POINTS_INSUFFICIENT and writes nothing (the ledger row rolls back with the balance).
 */
export async function adjustPoints(db: DbOrTx, input: AdjustPointsInput): Promise<{ balance: number }> {
  const data = parseInput(adjustSchema, input);
  return db.transaction(async (tx) => {
    // Locked, so the balance read here plus the delta is the balance recordPoints leaves.
    const [customer] = await tx
      .select({ balance: customers.pointsBalance })
      .from(customers)
      .where(eq(customers.id, data.customerId))
      .for('update');
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${data.customerId}`);
    await recordPoints(tx, {
      customerId: data.customerId,
      delta: data.delta,
      reason: 'manual',
      staffId: data.staffId ?? null,
      note: data.note,
    });
    return { balance: customer.balance + data.delta };
  });
}
