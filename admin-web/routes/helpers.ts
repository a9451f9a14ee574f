import type { Context } from 'hono';
import type { Db, DbOrTx } from '../../db/client.ts';
import { AppError, isAppError } from '../../src/errors.ts';
import { type AuditEntry, recordAudit } from '../../src/staff/index.ts';
import type { AdminEnv, NotifyOutcome } from '../env.ts';
import type { FieldErrors } from '../forms.ts';
import { rememberFlash } from '../ui/flash.ts';
import { translateMaybe } from '../ui/page-context.ts';

/** A positive integer path parameter, or NOT_FOUND (a malformed id names no record). */
export function idParam(c: Context<AdminEnv>, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('NOT_FOUND', `bad id ${raw}`);
  return id;
}

/**
 * A staff change and its audit line in one transaction: both land or neither. The entry may depend on
 * what the change returned (the id of a new record).
 */
export function withAudit<T>(
  db: Db,
  change: (tx: DbOrTx) => Promise<T>,
  entry: AuditEntry | ((value: T) => AuditEntry),
): Promise<T> {
  return db.transaction(async (tx) => {
    const value = await change(tx);
    await recordAudit(tx, typeof entry === 'function' ? entry(value) : entry);
    return value;
  });
}

/** Redirect after a POST, with the outcome for the flash line; a message that did not go out says so. */
export function flashRedirect(
  c: Context<AdminEnv>,
  path: string,
  flash: string,
  notified: NotifyOutcome = 'queued',
) {
  const separator = path.includes('?') ? '&' : '?';
  const shown = notified === 'queued' ? flash : `${flash}Unreachable`;
  rememberFlash(c, shown);
  return c.redirect(`${path}${separator}flash=${shown}`, 303);
}

/** CSV with a BOM so Excel opens Indonesian text as UTF-8; fields quoted when needed; formulas neutralised. */
export function toCsv(rows: Array<Array<string | number | null | undefined>>): string {
  const cell = (value: string | number | null | undefined) => {
    if (value === null || value === undefined) return '';
    let text = String(value);
    // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function csvResponse(c: Context<AdminEnv>, filename: string, body: string) {
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
  });
}

/** The field error a list shows beside its first-page link when its page link was tampered with. */
export const BAD_CURSOR: FieldErrors = { cursor: 'errors.CURSOR_INVALID' };

/** A list's page, or undefined when its cursor is not one this list made (the route answers 400 with BAD_CURSOR). */
export async function unlessBadCursor<Page>(load: Promise<Page>): Promise<Page | undefined> {
  try {
    return await load;
  } catch (error) {
    if (isAppError(error, 'CURSOR_INVALID')) return undefined;
    throw error;
  }
}

/** 400 for a JSON caller: the same field messages the page would show, translated. */
export function jsonValidationError(c: Context<AdminEnv>, errors: FieldErrors) {
  const t = c.get('t');
  const fields = Object.entries(errors).map(([field, message]) => ({
    field,
    message: translateMaybe(t, message),
  }));
  return c.json({ error: { code: 'VALIDATION', message: t('errors.VALIDATION'), fields } }, 400);
}
