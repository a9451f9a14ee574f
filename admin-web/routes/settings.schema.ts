import { z } from 'zod';
import { messageWith, tooLong } from '../ui/page-context.ts';
import { wholeRupiah } from './catalog.schema.ts';

const hhmm = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'admin.v.time');
/** A whole number from min to max; out of range says the range ("Isi angka 15 sampai 240"). */
const inRange = (min: number, max: number) => {
  const range = messageWith('admin.v.range', { min, max });
  return z.number().min(min, range).max(max, range);
};
const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, 'admin.v.wholeNumber')
    .transform(Number)
    .pipe(inRange(min, max));
/** Rupiah as owners type it, with or without thousands dots (10.000 or 10000). */
const rupiah = (min: number, max: number) => wholeRupiah.pipe(inRange(min, max));

const day = z
  .object({ closed: z.boolean(), open: z.string().trim(), close: z.string().trim() })
  .superRefine((d, ctx) => {
    if (d.closed) return;
    if (!hhmm.safeParse(d.open).success)
      ctx.addIssue({ code: 'custom', path: ['open'], message: 'admin.v.time' });
    if (!hhmm.safeParse(d.close).success)
      ctx.addIssue({ code: 'custom', path: ['close'], message: 'admin.v.time' });
    else if (d.open >= d.close)
      ctx.addIssue({ code: 'custom', path: ['close'], message: 'admin.v.closeAfterOpen' });
  })
  .transform((d) => (d.closed ? null : { open: d.open, close: d.close }));

const bank = z
  .object({
    bank: z.string().trim().max(60, tooLong(60)),
    number: z.string().trim().max(60, tooLong(60)),
    holder: z.string().trim().max(120, tooLong(120)),
  })
  .superRefine((b, ctx) => {
    const filled = [b.bank, b.number, b.holder].filter(Boolean).length;
    if (filled > 0 && filled < 3) {
      for (const key of ['bank', 'number', 'holder'] as const) {
        if (!b[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'admin.v.required' });
      }
    }
  });

export const settingsFormSchema = z.object({
  studioName: z.string().trim().min(1, 'admin.v.required').max(120, tooLong(120)),
  address: z.string().trim().max(300, tooLong(300)),
  mapUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), 'admin.v.url'),
  phone: z.string().trim().max(30, tooLong(30)),
  openingHours: z.array(day).length(7),
  slotMinutes: int(15, 240),
  capacityPerSlot: int(1, 20),
  bookingHorizonDays: int(1, 365),
  bankAccounts: z
    .array(bank)
    .transform((rows) => rows.filter((b) => b.bank && b.number && b.holder))
    .refine((rows) => rows.length > 0, 'admin.v.bankNeeded'),
  paymentDeadlineHours: int(1, 336),
  cancelCutoffHours: int(0, 720),
  reminderTime: hhmm,
  ratingDelayHours: int(1, 720),
  proofAlertHours: int(1, 336),
  pointsRules: z.object({
    earnPerRupiah: rupiah(1, 100_000_000),
    pointValueRupiah: rupiah(1, 1_000_000),
    maxRedeemPercent: int(1, 100),
    referralPoints: int(1, 1_000_000),
    referralWelcomePoints: int(1, 1_000_000),
    memberAfterBookings: int(1, 1000),
  }),
});
