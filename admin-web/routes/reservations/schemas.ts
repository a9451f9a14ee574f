import { z } from 'zod';
import { reservationStatuses } from '../../../db/schema/index.ts';
import { parseIsoDate } from '../../../src/time.ts';
import { tooLong } from '../../ui/page-context.ts';

const isoDate = z
  .string()
  .trim()
  .refine((v) => v === '' || parseIsoDate(v) !== undefined, 'admin.v.date')
  .transform((v) => (v === '' ? undefined : parseIsoDate(v)));

export const listQuerySchema = z
  .object({
    status: z.union([z.literal(''), z.enum(reservationStatuses)], 'admin.v.choose').default(''),
    from: isoDate,
    to: isoDate,
    q: z.string().trim().max(100, tooLong(100)).default(''),
    cursor: z.string().max(200, 'errors.CURSOR_INVALID').default(''),
  })
  .refine(
    (v) =>
      !v.from ||
      !v.to ||
      Date.UTC(v.to.year, v.to.month - 1, v.to.day) >= Date.UTC(v.from.year, v.from.month - 1, v.from.day),
    {
      path: ['to'],
      message: 'admin.v.dateOrder',
    },
  );

export const cancelFormSchema = z.object({
  reason: z.string().trim().min(1, 'admin.v.required').max(500, tooLong(500)),
});

export const rescheduleFormSchema = z.object({
  date: z
    .string()
    .trim()
    .refine((v) => parseIsoDate(v) !== undefined, 'admin.v.date')
    .transform((v) => parseIsoDate(v)!),
  time: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'admin.v.time'),
});
