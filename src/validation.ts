import type { z } from 'zod';
import { AppError } from './errors.ts';

/** Validates domain input at the boundary; a failure becomes VALIDATION with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'input',
    message: issue.message,
  }));
  throw new AppError('VALIDATION', fields.map((f) => `${f.field}: ${f.message}`).join('; '), {
    cause: result.error,
    fields,
  });
}

/** Half of a UTF-16 surrogate pair standing alone: no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * False for text Postgres cannot keep: a NUL character (refused in every text column) or a lone
 * surrogate (refused inside jsonb, such as a chat's session data). Both only come from a client made
 * to send them, so each face refuses such input where it arrives (TEXT_UNREADABLE) instead of failing
 * deep inside a write.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\0') && !LONE_SURROGATE.test(text);
}

/** The text without NULs and with lone surrogates as U+FFFD: for names a platform hands over, never typed input. */
export function toStorableText(text: string): string {
  return isStorableText(text)
    ? text
    : text.replaceAll('\0', '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}
