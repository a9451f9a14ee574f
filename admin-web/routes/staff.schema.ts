import { z } from 'zod';
import { staffRoles } from '../../db/schema/index.ts';
import { tooLong } from '../ui/page-context.ts';

const roleSelect = z.enum(staffRoles, 'admin.v.choose');
export const newStaffSchema = z.object({
  name: z.string().trim().min(1, 'admin.v.required').max(100, tooLong(100)),
  email: z.string().trim().toLowerCase().pipe(z.email('admin.v.email')),
  role: roleSelect,
  password: z.string().min(8, 'admin.v.passwordShort').max(200, tooLong(200)),
});
export const editStaffSchema = z.object({
  name: z.string().trim().min(1, 'admin.v.required').max(100, tooLong(100)),
  role: roleSelect,
  active: z.boolean(),
  password: z
    .string()
    .refine((v) => v === '' || v.length >= 8, 'admin.v.passwordShort')
    .refine((v) => v.length <= 200, tooLong(200)),
});
