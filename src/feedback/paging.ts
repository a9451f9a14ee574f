import { AppError } from '../errors.ts';

/** Page sizes: 20 unless asked, never more than 100 (a page is rendered in one response). */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new AppError('VALIDATION', 'limit must be 1..100', {
      fields: [{ field: 'limit', message: 'must be a whole number from 1 to 100' }],
    });
  }
  return limit;
}
