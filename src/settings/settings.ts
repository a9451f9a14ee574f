import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { studioSettings } from '../../db/schema/index.ts';
import { ensureStudioSettings } from '../../db/defaults.ts';
import { parseInput } from '../validation.ts';
import type { ReadCache } from './cache.ts';
import { type SettingsPatch, settingsPatchSchema } from './schema.ts';

export type StudioSettings = typeof studioSettings.$inferSelect;

/**
 * The studio's one settings row; a fresh install gets the defaults written on first read. With a
 * `cache`, a copy up to its TTL old (for what the chat shows, never for a write's checks).
 */
export async function getSettings(db: DbOrTx, cache?: ReadCache): Promise<StudioSettings> {
  if (cache) return cache.get('settings', db, (handle) => getSettings(handle));
  const [row] = await db.select().from(studioSettings).where(eq(studioSettings.id, 1));
  if (row) return row;
  await ensureStudioSettings(db);
  const [created] = await db.select().from(studioSettings).where(eq(studioSettings.id, 1));
  return created!;
}

/** Validates a partial change (VALIDATION with one message per field) and returns the new settings. */
export async function updateSettings(db: DbOrTx, patch: SettingsPatch): Promise<StudioSettings> {
  const input = parseInput(settingsPatchSchema, patch);
  const current = await getSettings(db);
  const { pointsRules, ...rest } = input;
  if (Object.keys(input).length === 0) return current;
  const [row] = await db
    .update(studioSettings)
    .set({
      ...rest,
      ...(pointsRules ? { pointsRules: { ...current.pointsRules, ...pointsRules } } : {}),
    })
    .where(eq(studioSettings.id, 1))
    .returning();
  return row!;
}
