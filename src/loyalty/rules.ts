import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { defaultPointsRules } from '../../db/seed.ts';
import { type PointsRules, studioSettings } from '../../db/schema/index.ts';

export type { PointsRules };

/**
 * The owner's points rules from studio settings. Read directly (not through src/settings) so loyalty
 * works inside any transaction without a cycle between areas; a fresh install without a settings row
 * falls back to the defaults it would be seeded with.
 */
export async function loadPointsRules(db: DbOrTx): Promise<PointsRules> {
  const [row] = await db
    .select({ rules: studioSettings.pointsRules })
    .from(studioSettings)
    .where(eq(studioSettings.id, 1))
    .limit(1);
  return { ...defaultPointsRules, ...row?.rules };
}

/** Rupiah of discount the points are worth. */
export function pointsToRupiah(rules: PointsRules, points: number): number {
  return Math.max(0, Math.floor(points)) * rules.pointValueRupiah;
}

/**
 * The most points a booking of `total` rupiah may use: limited by the balance and by
 * maxRedeemPercent of the total, rounded down to whole points so the discount never passes the cap.
 */
export function maxRedeemablePoints(rules: PointsRules, balance: number, total: number): number {
  if (rules.pointValueRupiah <= 0 || total <= 0 || balance <= 0) return 0;
  const capRupiah = Math.floor((total * rules.maxRedeemPercent) / 100);
  return Math.max(0, Math.min(Math.floor(balance), Math.floor(capRupiah / rules.pointValueRupiah)));
}

/** Points earned for paying `total` rupiah. */
export function pointsEarnedFor(rules: PointsRules, total: number): number {
  if (rules.earnPerRupiah <= 0 || total <= 0) return 0;
  return Math.floor(total / rules.earnPerRupiah);
}
