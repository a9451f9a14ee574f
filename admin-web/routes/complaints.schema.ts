import { z } from 'zod';
import { tooLong } from '../ui/page-context.ts';

export const replySchema = z.object({
  body: z.string().trim().min(1, 'admin.v.required').max(4000, tooLong(4000)),
});
