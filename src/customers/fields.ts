import { z } from 'zod';
import { AppError } from '../errors.ts';
import { normalizePhone } from './phone.ts';

/** Field schemas shared by registration, staff entry and profile edits. */
export const nameField = z.string().trim().min(1).max(100);
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Invalid email address' }));
export const addressField = z.string().trim().min(1).max(500);
export const notesField = z.string().trim().max(2000);
export const localeField = z.enum(['id', 'en']);
export const membershipField = z.enum(['member', 'regular']);

/**
 * Blank optional text counts as "not given": chat forms send '' for a skipped email or address.
 * Null (explicitly cleared) and undefined (not in the patch) stay distinct.
 */
export function optionalText<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
    schema.nullish(),
  );
}

/**
 * Phones are checked after zod, so a bad number fails with PHONE_INVALID (the chat explains the format)
 * rather than a generic VALIDATION.
 */
export function phoneOrNull(phone: string | null | undefined): string | null | undefined {
  if (phone === undefined || phone === null) return phone;
  if (phone.trim() === '') return null;
  return normalizePhone(phone);
}

/** True for a Postgres unique violation, optionally of one constraint; drizzle wraps the driver's error. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const pg = current as Error & { code?: string; constraint_name?: string };
    if (pg.code === '23505') return constraint === undefined || pg.constraint_name === constraint;
  }
  return false;
}

export function phoneTakenError(cause?: unknown): AppError {
  return new AppError('PHONE_TAKEN', undefined, {
    cause,
    fields: [{ field: 'phone', message: 'Phone already registered' }],
  });
}

/** PHONE_TAKEN for an insert or update that hit the unique phone; undefined for any other error. */
export function phoneTaken(error: unknown): AppError | undefined {
  return isUniqueViolation(error, 'customers_phone_unique') ? phoneTakenError(error) : undefined;
}
