import { z } from 'zod';

export const replySchema = z.object({
  body: z.string().trim().min(1, 'admin.v.required').max(4000, 'admin.v.tooLong'),
});
