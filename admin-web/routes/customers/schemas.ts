import { z } from 'zod';
import { cleanCode } from '../../../src/customers/claim-codes.ts';
import { tryNormalizePhone } from '../../../src/customers/index.ts';
import { tooLong } from '../../ui/page-context.ts';

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .transform((v) => (v === '' ? null : v));

export const customerFormSchema = z.object({
  name: z.string().trim().min(1, 'admin.v.required').max(100, tooLong(100)),
  phone: z
    .string()
    .trim()
    .refine((v) => v === '' || tryNormalizePhone(v) !== undefined, 'admin.v.phone')
    .transform((v) => (v === '' ? null : tryNormalizePhone(v)!)),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === '' || z.email().safeParse(v).success, 'admin.v.email')
    .transform((v) => (v === '' ? null : v)),
  address: optional(500),
  notes: optional(2000),
  membership: z.enum(['regular', 'member'], 'admin.v.choose'),
  locale: z.enum(['id', 'en'], 'admin.v.choose'),
  promoOptIn: z.boolean(),
});

export const pointsFormSchema = z.object({
  delta: z
    .string()
    .trim()
    .regex(/^[+-]?\d{1,7}$/, 'admin.v.wholeNumber')
    .transform(Number)
    .refine((n) => n !== 0, 'admin.v.notZero'),
  note: z.string().trim().min(1, 'admin.v.required').max(500, tooLong(500)),
});

export const membershipFormSchema = z.object({ membership: z.enum(['regular', 'member'], 'admin.v.choose') });

/** The code a chat waiting for staff shows, as the customer reads it out ("482 913", "482-913"). */
export const linkChatFormSchema = z.object({
  code: z
    .string()
    .transform(cleanCode)
    .pipe(z.string().regex(/^\d{6}$/, 'admin.v.linkCode')),
});
