import { z } from 'zod';
import { parseIsoDate } from '../../src/time.ts';

const isoDate = z
  .string()
  .trim()
  .refine((v) => parseIsoDate(v) !== undefined, 'admin.v.date');
export const reportQuerySchema = z
  .object({ from: isoDate, to: isoDate, granularity: z.enum(['day', 'month'], 'admin.v.choose') })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'admin.v.dateOrder' })
  .refine((q) => q.granularity === 'month' || Date.parse(q.to) - Date.parse(q.from) <= 730 * 86_400_000, {
    path: ['granularity'],
    message: 'admin.v.periodTooLong',
  });
export type ReportQuery = z.output<typeof reportQuerySchema>;
