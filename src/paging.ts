import { asc, desc, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { AppError } from './errors.ts';

/**
 * Keyset (cursor) paging for lists sorted by a timestamp and then the row id: a page starts right after
 * the previous page's last (timestamp, id), so deep pages cost what the first one does and rows written
 * meanwhile cause no gap or repeat. Cursors are opaque to callers (base64url), so pages travel in URLs.
 */

export type SortOrder = 'asc' | 'desc';

/** Where a page ended: the last row's sort timestamp as UTC text to the microsecond, and its id. */
export interface CursorPosition {
  key: string;
  id: number;
}

/** Ids are Postgres integers; a larger number in a cursor would fail in the database, not here. */
const MAX_ID = 2_147_483_647;
/** Our cursors are about 40 characters; anything much longer was not made here. */
const MAX_CURSOR_CHARS = 200;
const KEY_SHAPE = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Select this beside a row to make its cursor. Postgres prints the timestamp itself because a JS Date
 * keeps milliseconds only: a key cut to milliseconds would skip rows written in the same millisecond.
 */
export function cursorKey(sort: PgColumn): SQL<string> {
  return sql<string>`to_char(${sort} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.key}~${position.id}`).toString('base64url');
}

/** The position a cursor names; CURSOR_INVALID (400) for anything encodeCursor did not make. */
export function decodeCursor(cursor: string): CursorPosition {
  if (cursor.length > MAX_CURSOR_CHARS) throw invalidCursor();
  const [key = '', rawId = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('~');
  const id = /^\d{1,10}$/.test(rawId) ? Number(rawId) : 0;
  if (rest.length > 0 || id < 1 || id > MAX_ID || !KEY_SHAPE.test(key) || !isRealInstant(key))
    throw invalidCursor();
  // Only our own spelling: base64url decoding skips stray characters, which would make many texts one cursor.
  if (encodeCursor({ key, id }) !== cursor) throw invalidCursor();
  return { key, id };
}

/** Rows after `position` in a list sorted by (sort, id): one row comparison, served by an index on `sort`. */
export function afterCursor(sort: PgColumn, id: PgColumn, position: CursorPosition, order: SortOrder): SQL {
  const beyond = order === 'asc' ? sql`>` : sql`<`;
  return sql`(${sort}, ${id}) ${beyond} (${position.key}::timestamptz, ${position.id}::integer)`;
}

/** The ORDER BY that afterCursor continues: the id breaks ties between equal timestamps. */
export function cursorOrder(sort: PgColumn, id: PgColumn, order: SortOrder): [SQL, SQL] {
  const direction = order === 'asc' ? asc : desc;
  return [direction(sort), direction(id)];
}

/**
 * A page out of `limit + 1` fetched rows: the extra row only says that more follow, and the next cursor
 * is the last shown row's position.
 */
export function cutPage<Row>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => CursorPosition,
): { rows: Row[]; nextCursor: string | undefined } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : undefined };
}

/** Postgres refuses dates like 02-31 that a JS Date rolls over into March, so the key must survive the trip. */
function isRealInstant(key: string): boolean {
  const time = Date.parse(key);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === key.slice(0, 19);
}

/**
 * Lists paged by row id alone (customers, ratings) carry the last shown row's id as plain digits: ids
 * only grow, so `id < cursor` continues the list. The id, or CURSOR_INVALID for anything else (012, 1e3).
 */
export function decodeIdCursor(cursor: string): number {
  const id = /^[1-9]\d{0,9}$/.test(cursor) ? Number(cursor) : 0;
  if (id < 1 || id > MAX_ID) throw invalidCursor();
  return id;
}

function invalidCursor(): AppError {
  return new AppError('CURSOR_INVALID', 'not a cursor from this list', {
    fields: [{ field: 'cursor', message: 'is not a page link from this list' }],
  });
}
