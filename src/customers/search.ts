import { and, desc, eq, ilike, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { withCustomPlans } from '../../db/custom-plans.ts';
import { customers } from '../../db/schema/index.ts';
import { decodeIdCursor } from '../paging.ts';
import type { Customer } from './types.ts';

export interface CustomerSearch {
  /** A name fragment, a phone fragment as people type it (0812…, 812 3456), or a code (C-000123). */
  query?: string;
  /** nextCursor of the previous page; anything else is CURSOR_INVALID. */
  cursor?: string;
  /** Rows per page, 1–100 (default 25). */
  limit?: number;
  includeAnonymized?: boolean;
}

export interface CustomerPage {
  rows: Customer[];
  nextCursor: string | undefined;
}

/**
 * Newest customers first, filtered by the query. Keyset paging on the id (ids only grow, so a page
 * never repeats or skips rows even while customers register); the name match uses the trigram index
 * customers_name_trgm_idx via lower(name) LIKE.
 */
export async function searchCustomers(db: DbOrTx, search: CustomerSearch = {}): Promise<CustomerPage> {
  const limit = Math.min(Math.max(Math.floor(search.limit ?? 25), 1), 100);
  const conditions: SQL[] = [];
  const match = search.query ? customerMatch(search.query) : undefined;
  if (match) conditions.push(match);
  if (!search.includeAnonymized) conditions.push(isNull(customers.anonymizedAt));
  if (search.cursor) conditions.push(lt(customers.id, decodeIdCursor(search.cursor)));
  const select = (on: DbOrTx) =>
    on
      .select()
      .from(customers)
      .where(and(...conditions))
      .orderBy(desc(customers.id))
      .limit(limit + 1);
  // A name or phone fragment's best plan depends on how rare it is (see withCustomPlans).
  const rows = match ? await withCustomPlans(db, select) : await select(db);
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? String(page.at(-1)!.id) : undefined };
}

/** `text` taken literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The stored form (C-000123) of a customer code as staff type it (c123, C-123, c-000123), or undefined. */
export function customerCodeOf(text: string): string | undefined {
  const match = /^c-?(\d{1,9})$/i.exec(text.trim());
  return match ? `C-${match[1]!.padStart(6, '0')}` : undefined;
}

/**
 * Customers a typed search names: by code (C-000123), name fragment (trigram index), phone digits as
 * typed (0812… is +62812…), or email. Undefined for a blank query. Other searches that narrow by
 * customer (bookings) use it too.
 */
export function customerMatch(raw: string): SQL | undefined {
  const query = raw.trim();
  if (query === '') return undefined;
  const code = customerCodeOf(query);
  if (code) return eq(customers.code, code);
  const options: SQL[] = [sql`lower(${customers.name}) like ${`%${escapeLike(query.toLowerCase())}%`}`];
  if (query.includes('@')) options.push(ilike(customers.email, `%${escapeLike(query)}%`));
  const digits = phoneDigits(query);
  if (digits) options.push(sql`${customers.phone} like ${`%${digits}%`}`);
  return or(...options);
}

/**
 * A typed phone fragment as it appears inside the stored E.164: staff type 0812…, which is +62812…
 * on file. Undefined when the query is not phone-like (too few digits, or letters in it).
 */
export function phoneDigits(query: string): string | undefined {
  if (!/^\+?[\d\s().-]+$/.test(query)) return undefined;
  const digits = query.replace(/\D/g, '');
  if (digits.length < 3) return undefined;
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
}
