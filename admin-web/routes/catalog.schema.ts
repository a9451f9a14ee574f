import { z } from 'zod';
import { productCategories } from '../../db/schema/index.ts';
import { parseIsoDate } from '../../src/time.ts';
import { messageWith, tooLong } from '../ui/page-context.ts';

/** Rupiah as owners type it: 150000, 150.000 or 150 000. */
export const wholeRupiah = z
  .string()
  .trim()
  .transform((v) => v.replace(/[.\s]/g, ''))
  .pipe(z.string().regex(/^\d{1,10}$/, 'admin.v.wholeNumber'))
  .transform(Number);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .transform((v) => (v === '' ? null : v));

export const productFormSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'admin.v.productCode'),
    kind: z.enum(['package', 'addon'], 'admin.v.choose'),
    name: z.string().trim().min(1, 'admin.v.required').max(120, tooLong(120)),
    nameEn: optionalText(120),
    category: z.enum(productCategories, 'admin.v.choose'),
    description: z.string().trim().max(2000, tooLong(2000)),
    descriptionEn: optionalText(2000),
    price: wholeRupiah,
    durationMinutes: z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, 'admin.v.wholeNumber')
      .transform(Number)
      // A session fits in one day: 24 hours.
      .pipe(z.number().max(1440, messageWith('admin.v.range', { min: 0, max: 1440 }))),
    sortOrder: z
      .string()
      .trim()
      .transform((v) => (v === '' ? '0' : v))
      .pipe(z.string().regex(/^\d{1,5}$/, 'admin.v.wholeNumber'))
      .transform(Number),
    active: z.boolean(),
  })
  .refine((p) => p.kind === 'addon' || p.durationMinutes > 0, {
    path: ['durationMinutes'],
    message: 'admin.v.durationNeeded',
  });

const optionalDate = z
  .string()
  .trim()
  .refine((v) => v === '' || parseIsoDate(v) !== undefined, 'admin.v.date');

export const bundleFormSchema = z
  .object({
    name: z.string().trim().min(1, 'admin.v.required').max(160, tooLong(160)),
    nameEn: optionalText(160),
    description: z.string().trim().max(2000, tooLong(2000)),
    addonProductId: z
      .string()
      .regex(/^\d{1,9}$/, 'admin.v.choose')
      .transform(Number),
    productIds: z
      .array(
        z
          .string()
          .regex(/^\d{1,9}$/)
          .transform(Number),
      )
      .min(1, 'admin.v.pickPackage'),
    bundlePrice: z
      .string()
      .trim()
      .transform((v) => v.replace(/[.\s]/g, ''))
      .pipe(z.string().regex(/^\d{0,10}$/, 'admin.v.wholeNumber'))
      .transform((v) => (v === '' ? null : Number(v))),
    discountAmount: z
      .string()
      .trim()
      .transform((v) => v.replace(/[.\s]/g, '') || '0')
      .pipe(z.string().regex(/^\d{1,10}$/, 'admin.v.wholeNumber'))
      .transform(Number),
    validFrom: optionalDate,
    validTo: optionalDate,
    active: z.boolean(),
  })
  .refine((b) => !b.validFrom || !b.validTo || b.validTo >= b.validFrom, {
    path: ['validTo'],
    message: 'admin.v.dateOrder',
  });
