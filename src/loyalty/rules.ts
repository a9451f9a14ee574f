import type { DbOrTx } from '../../db/client.ts';
import type { PointsRules } from '../../db/schema/index.ts';
import { getSettings } from '../settings/settings.ts';

export type { PointsRules };

/** The owner's points rules, from the studio settings (a fresh install gets the defaults written). */
export async function loadPointsRules(db: DbOrTx): Promise<PointsRules> {
  return (await getSettings(db)).pointsRules;
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
