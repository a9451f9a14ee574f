import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCustomPlans } from '../../db/custom-plans.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/** Searches whose best plan depends on the typed text are planned for that text every time. */
describe('withCustomPlans', () => {
  let test: TestDatabase;
  const mode = async (db: Pick<TestDatabase['db'], 'execute'>) =>
    (await db.execute<{ mode: string }>(sql`select current_setting('plan_cache_mode') as mode`))[0]!.mode;

  beforeAll(async () => {
    test = await createTestDatabase({ max: 1 });
  });
  afterAll(async () => test.drop());

  it('plans each run for its own values inside, and leaves the connection as it was', async () => {
    expect(await mode(test.db)).toBe('auto');
    expect(await withCustomPlans(test.db, (tx) => mode(tx))).toBe('force_custom_plan');
    expect(await mode(test.db)).toBe('auto');
    await expect(
      withCustomPlans(test.db, async () => {
        throw new Error('search failed');
      }),
    ).rejects.toThrow('search failed');
    expect(await mode(test.db)).toBe('auto');
  });
});
