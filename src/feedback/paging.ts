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

/**
 * Cursors are opaque to callers (base64url of "key~id"), so pages can be passed through URLs. The key is
 * the sort column as Postgres printed it, keeping its microseconds, which a JS Date would lose.
 */
export function encodeCursor(key: string, id: number): string {
  return Buffer.from(`${key}~${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { key: string; id: number } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const at = text.lastIndexOf('~');
  const id = Number(text.slice(at + 1));
  if (at < 1 || !Number.isInteger(id) || id < 1) {
    throw new AppError('VALIDATION', 'bad cursor', {
      fields: [{ field: 'cursor', message: 'is not valid' }],
    });
  }
  return { key: text.slice(0, at), id };
}
