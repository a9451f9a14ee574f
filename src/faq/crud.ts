import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { faqEntries } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import type { FaqEntry } from './types.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

/** Lengths fit a chat bubble: a question is a line, an answer a short paragraph. */
export const faqInputSchema = z.object({
  question: z.string().trim().min(3, 'must be at least 3 characters').max(300),
  answer: z.string().trim().min(1, 'must not be empty').max(2000),
  questionEn: optionalText(300),
  answerEn: optionalText(2000),
  keywords: z.string().trim().max(500).optional(),
  active: z.boolean().optional(),
});
export type FaqInput = z.input<typeof faqInputSchema>;
export const faqPatchSchema = faqInputSchema.partial();
export type FaqPatch = z.input<typeof faqPatchSchema>;

export async function listFaq(db: DbOrTx, options: { includeInactive?: boolean } = {}): Promise<FaqEntry[]> {
  return db
    .select()
    .from(faqEntries)
    .where(options.includeInactive ? undefined : eq(faqEntries.active, true))
    .orderBy(asc(faqEntries.sortOrder), asc(faqEntries.id));
}

export async function getFaq(db: DbOrTx, id: number): Promise<FaqEntry> {
  const [entry] = await db.select().from(faqEntries).where(eq(faqEntries.id, id));
  if (!entry) throw new AppError('FAQ_NOT_FOUND');
  return entry;
}

/** A new entry goes to the end of the list. */
export async function createFaq(db: DbOrTx, input: FaqInput): Promise<FaqEntry> {
  const data = parseInput(faqInputSchema, input);
  const [entry] = await db
    .insert(faqEntries)
    .values({
      ...data,
      keywords: data.keywords ?? '',
      sortOrder: sql`(select coalesce(max(${faqEntries.sortOrder}), -1) + 1 from ${faqEntries})`,
    })
    .returning();
  return entry!;
}

export async function updateFaq(db: DbOrTx, id: number, patch: FaqPatch): Promise<FaqEntry> {
  const data = parseInput(faqPatchSchema, patch);
  // Keys the caller left out stay as they are (the transform turns absent optional texts into null).
  const set = Object.fromEntries(Object.entries(data).filter(([key]) => key in patch));
  if (Object.keys(set).length === 0) return getFaq(db, id);
  const [entry] = await db.update(faqEntries).set(set).where(eq(faqEntries.id, id)).returning();
  if (!entry) throw new AppError('FAQ_NOT_FOUND');
  return entry;
}

export async function deleteFaq(db: DbOrTx, id: number): Promise<void> {
  const deleted = await db.delete(faqEntries).where(eq(faqEntries.id, id)).returning({ id: faqEntries.id });
  if (deleted.length === 0) throw new AppError('FAQ_NOT_FOUND');
}

/**
 * Swaps the entry with its neighbour. The list is renumbered 0..n-1 on the way, so entries that share a
 * sort order (imported, or created concurrently) still move predictably. Moving past an end is a no-op.
 */
export async function moveFaq(db: DbOrTx, id: number, direction: 'up' | 'down'): Promise<FaqEntry[]> {
  if (direction !== 'up' && direction !== 'down') {
    throw new AppError('VALIDATION', 'direction must be up or down', {
      fields: [{ field: 'direction', message: 'must be up or down' }],
    });
  }
  return db.transaction(async (tx) => {
    const entries = await tx
      .select()
      .from(faqEntries)
      .orderBy(asc(faqEntries.sortOrder), asc(faqEntries.id))
      .for('update');
    const index = entries.findIndex((e) => e.id === id);
    if (index < 0) throw new AppError('FAQ_NOT_FOUND');
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other >= 0 && other < entries.length) {
      [entries[index], entries[other]] = [entries[other]!, entries[index]!];
    }
    for (const [position, entry] of entries.entries()) {
      if (entry.sortOrder === position) continue;
      await tx.update(faqEntries).set({ sortOrder: position }).where(eq(faqEntries.id, entry.id));
      entry.sortOrder = position;
    }
    return entries;
  });
}
