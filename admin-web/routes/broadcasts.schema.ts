import { z } from 'zod';
import { channelValues, productCategories } from '../../db/schema/index.ts';
import { BROADCAST_CAPTION_MAX, BROADCAST_TEXT_MAX } from '../../src/broadcasts/index.ts';
import { tooLong } from '../ui/page-context.ts';

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.literal(''), z.enum(values)], 'admin.v.choose').transform((v) => (v === '' ? undefined : v));

export const segmentQuerySchema = z.object({
  membership: optionalEnum(['member', 'regular'] as const),
  channel: optionalEnum(channelValues),
  boughtCategory: optionalEnum(productCategories),
  inactiveDays: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || (/^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 3650),
      'admin.v.inactiveDays',
    )
    .transform((v) => (v === '' ? undefined : Number(v))),
});

export const broadcastFormSchema = z
  .object({
    title: z.string().trim().min(1, 'admin.v.required').max(120, tooLong(120)),
    text: z.string().trim().min(1, 'admin.v.required').max(BROADCAST_TEXT_MAX, tooLong(BROADCAST_TEXT_MAX)),
    hasImage: z.boolean(),
    when: z.enum(['now', 'later'], 'admin.v.choose'),
    scheduledAt: z.string().trim(),
    segment: segmentQuerySchema,
  })
  .superRefine((b, ctx) => {
    if (b.hasImage && b.text.length > BROADCAST_CAPTION_MAX) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'admin.v.captionTooLong' });
    }
    if (b.when === 'later' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(b.scheduledAt)) {
      ctx.addIssue({ code: 'custom', path: ['scheduledAt'], message: 'admin.v.dateTime' });
    }
  });
