import { z } from 'zod';
import { tooLong } from '../ui/page-context.ts';

export const passwordSchema = z
  .object({
    currentPassword: z.string().min(1, 'admin.v.required'),
    newPassword: z.string().min(8, 'admin.v.passwordShort').max(200, tooLong(200)),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'admin.v.passwordMismatch',
  });
