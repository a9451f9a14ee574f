import { z } from 'zod';
import { tooLong } from '../ui/page-context.ts';

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .transform((v) => (v === '' ? null : v));
export const faqFormSchema = z.object({
  question: z.string().trim().min(3, 'admin.v.required').max(300, tooLong(300)),
  answer: z.string().trim().min(1, 'admin.v.required').max(2000, tooLong(2000)),
  questionEn: optional(300),
  answerEn: optional(2000),
  keywords: z.string().trim().max(500, tooLong(500)),
  active: z.boolean(),
});
