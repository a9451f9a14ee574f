import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers, type PointsReason, pointsLedger } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export interface PointsEntry {
  customerId: number;
  delta: number;
  reason: PointsReason;
  reservationId?: number | null;
  referredCustomerId?: number | null;
  staffId?: number | null;
  note?: string | null;
}

/**
 * The one writer of points: appends to the ledger and moves the cached balance in the same statement
 * pair. Call it inside the caller's transaction. Returns false when the entry already exists (the
 * ledger's unique indexes make completion, redemption and referral credits happen once).
 * A debit that would take the balance below zero fails with POINTS_INSUFFICIENT.
 */
export async function recordPoints(tx: DbOrTx, entry: PointsEntry): Promise<boolean> {
  if (entry.delta === 0) return false;
  const inserted = await tx
    .insert(pointsLedger)
    .values({
      customerId: entry.customerId,
      delta: entry.delta,
      reason: entry.reason,
      reservationId: entry.reservationId ?? null,
      referredCustomerId: entry.referredCustomerId ?? null,
      staffId: entry.staffId ?? null,
      note: entry.note ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: pointsLedger.id });
  if (inserted.length === 0) return false;
  const [updated] = await tx
    .update(customers)
    .set({ pointsBalance: sql`${customers.pointsBalance} + ${entry.delta}` })
    .where(eq(customers.id, entry.customerId))
    .returning({ balance: customers.pointsBalance });
  if (!updated) throw new AppError('CUSTOMER_NOT_FOUND');
  if (updated.balance < 0) {
    throw new AppError('POINTS_INSUFFICIENT', `balance would be ${updated.balance}`);
  }
  return true;
}
