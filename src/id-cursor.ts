import { AppError } from './errors.ts';

/**
 * Cursors of lists paged by row id alone (customers, ratings): the last shown row's id as plain digits.
 * Ids only grow, so `id < cursor` continues the list. Lists sorted by a timestamp use src/paging.ts.
 */

/** Largest Postgres integer: a bigger id in a cursor names no row and would fail in the database. */
const MAX_ID = 2_147_483_647;

/** The row id a list's nextCursor named; CURSOR_INVALID (400) for anything else, such as 012 or 1e3. */
export function decodeIdCursor(cursor: string): number {
  const id = /^[1-9]\d{0,9}$/.test(cursor) ? Number(cursor) : 0;
  if (id < 1 || id > MAX_ID) {
    throw new AppError('CURSOR_INVALID', 'not a cursor from this list', {
      fields: [{ field: 'cursor', message: 'is not a page link from this list' }],
    });
  }
  return id;
}
