import { z } from 'zod';

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'admin.v.tooLong')
    .transform((v) => (v === '' ? null : v));
export const faqFormSchema = z.object({
  question: z.string().trim().min(3, 'admin.v.required').max(300, 'admin.v.tooLong'),
  answer: z.string().trim().min(1, 'admin.v.required').max(2000, 'admin.v.tooLong'),
  questionEn: optional(300),
  answerEn: optional(2000),
  keywords: z.string().trim().max(500, 'admin.v.tooLong'),
  active: z.boolean(),
});
