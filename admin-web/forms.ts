import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { AppError, isAppError } from '../src/errors.ts';
import { errorMessage, type Locale } from '../src/i18n/index.ts';
import { isStorableText, toStorableText } from '../src/validation.ts';

/** One message (a text key or plain text) per form field name. */
export type FieldErrors = Record<string, string>;

export type FormData = Record<string, string | File | Array<string | File>>;

/**
 * The request's form (parsed once; later calls get the same). Every admin form is read here, the CSRF
 * check's included, so a field Postgres could not keep (a NUL, half a surrogate pair: isStorableText),
 * or such an uploaded file's name, is refused here with TEXT_UNREADABLE (400, naming the field) before
 * any route writes, instead of a 500 from deep inside the write.
 */
export async function readForm(c: Context): Promise<FormData> {
  const form = await c.req.parseBody({ all: true });
  const bad = Object.entries(form).find(([name, value]) =>
    [value].flat().some((v) => !isStorableText(name) || !isStorableText(typeof v === 'string' ? v : v.name)),
  );
  if (bad) throw unreadable(c, bad[0]);
  return form;
}

/** The same refusal for query parameters (search boxes, filters, paging links): every admin request. */
export function refuseUnreadableQuery(): MiddlewareHandler {
  return async (c, next) => {
    const bad = Object.entries(c.req.queries()).find(
      ([name, values]) => !isStorableText(name) || values.some((v) => !isStorableText(v)),
    );
    if (bad) throw unreadable(c, bad[0]);
    await next();
  };
}

function unreadable(c: Context, field: string): AppError {
  const locale = (c.get('locale') as Locale | undefined) ?? 'id';
  // The field's name as sent, made printable: it may be the unreadable part itself.
  const name = toStorableText(field);
  return new AppError('TEXT_UNREADABLE', `field ${JSON.stringify(name)} holds text Postgres cannot keep`, {
    fields: [{ field: name, message: errorMessage(locale, 'TEXT_UNREADABLE') }],
  });
}

/** The text value of a field (the last one when a field is repeated); files count as empty. */
export function text(form: FormData, name: string): string {
  const value = form[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : '';
}

export function texts(form: FormData, name: string): string[] {
  const value = form[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((v): v is string => typeof v === 'string');
}

export function file(form: FormData, name: string): File | undefined {
  const value = form[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'object' && last !== null && last.size > 0 ? last : undefined;
}

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Parses with a request schema; the first issue per field becomes that field's message. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A domain error that belongs next to a form: its field messages, or one message for the whole form. */
export function formErrorOf(error: unknown): { errors: FieldErrors; code: AppError['code'] } | undefined {
  if (!isAppError(error)) return undefined;
  const errors: FieldErrors = {};
  for (const f of error.fields) errors[f.field] ??= f.message;
  return { errors, code: error.code };
}
