import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

/** One weekday's hours; open must come before close, both in the studio's local time. */
const dayHoursSchema = z
  .object({ open: hhmm, close: hhmm })
  .refine((day) => day.open < day.close, { message: 'open must be before close', path: ['close'] })
  .nullable();

/** Sunday first, as Date#getDay; null marks a closed day. */
const openingHoursSchema = z.array(dayHoursSchema).length(7);

const nonBlank = z.string().trim().min(1);

const bankAccountSchema = z.object({ bank: nonBlank, number: nonBlank, holder: nonBlank });

const positiveInt = z.number().int().positive();

const pointsRulesSchema = z.object({
  earnPerRupiah: positiveInt,
  pointValueRupiah: positiveInt,
  maxRedeemPercent: positiveInt.max(100),
  referralPoints: positiveInt,
  referralWelcomePoints: positiveInt,
  memberAfterBookings: positiveInt,
});

/**
 * What the owner may change. Every field is optional: a patch names only what changes, and
 * pointsRules may itself be partial (merged over the current rules).
 */
export const settingsPatchSchema = z
  .object({
    studioName: nonBlank.max(120),
    address: z.string().trim().max(300),
    mapUrl: z.union([z.literal(''), z.url()]),
    phone: z.string().trim().max(30),
    openingHours: openingHoursSchema,
    // 15–240 minutes: shorter slots fragment the day, longer ones fit no package.
    slotMinutes: z.number().int().min(15).max(240),
    capacityPerSlot: z.number().int().min(1).max(20),
    bookingHorizonDays: z.number().int().min(1).max(365),
    bankAccounts: z.array(bankAccountSchema).min(1),
    paymentDeadlineHours: positiveInt.max(24 * 14),
    // 0 lets customers cancel right up to the session start.
    cancelCutoffHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 30),
    pointsRules: pointsRulesSchema.partial(),
    reminderTime: hhmm,
    ratingDelayHours: positiveInt.max(24 * 30),
    proofAlertHours: positiveInt.max(24 * 14),
  })
  .partial()
  .strict();

export type SettingsPatch = z.input<typeof settingsPatchSchema>;
