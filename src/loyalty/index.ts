export { type CompletionCredit, creditCompletion } from './completion.ts';
export { type PointsEntry, recordPoints } from './ledger.ts';
export {
  type AdjustPointsInput,
  adjustPoints,
  getPointsSummary,
  type PointsEntryRow,
  type PointsSummary,
} from './points.ts';
export {
  loadPointsRules,
  maxRedeemablePoints,
  type PointsRules,
  pointsEarnedFor,
  pointsToRupiah,
} from './rules.ts';
