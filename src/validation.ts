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
