import type { Context } from 'hono';
import type { z } from 'zod';
import { type AppError, isAppError } from '../src/errors.ts';

/** One message (a text key or plain text) per form field name. */
export type FieldErrors = Record<string, string>;

export type FormData = Record<string, string | File | Array<string | File>>;

export async function readForm(c: Context): Promise<FormData> {
  return c.req.parseBody({ all: true });
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
