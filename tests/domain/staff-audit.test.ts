import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/errors.ts';
import { listAudit, listAuditPage, recordAudit } from '../../src/staff/audit.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { newStaff } from './reservations-fixtures.ts';

let database: TestDatabase;
let staffId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  staffId = await newStaff(database.db, 'Rina');
});
afterAll(() => database.drop());

/** Lines written in one transaction share Postgres's now(), so only the id orders them; their ids, newest first. */
async function linesAtOneMoment(count: number, entityId: number): Promise<number[]> {
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++)
      await recordAudit(tx, { staffId, action: 'reservation.confirm', entityType: 'reservation', entityId });
  });
  const lines = await listAudit(database.db, { entityType: 'reservation', entityId, limit: count });
  return lines.map((line) => line.id);
}

describe('activity log', () => {
  it('pages newest first across lines written at the same moment, without a gap or a repeat', async () => {
    const older = await linesAtOneMoment(5, 1);
    const newer = await linesAtOneMoment(3, 2);

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditPage(database.db, { cursor, limit: 2 });
      expect(page.rows.length).toBeLessThanOrEqual(2);
      seen.push(...page.rows.map((line) => line.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...newer, ...older]);
    expect(new Set(seen).size).toBe(8);
    expect((await listAuditPage(database.db, { limit: 2 })).rows[0]).toMatchObject({
      staffName: 'Rina',
      action: 'reservation.confirm',
      entityId: '2',
    });
  });

  it("shows one record's history alone", async () => {
    const lines = await listAudit(database.db, { entityType: 'reservation', entityId: 1 });
    expect(lines).toHaveLength(5);
    expect(lines.every((line) => line.entityId === '1')).toBe(true);
  });

  it('refuses a page link it did not make', async () => {
    const refused = (await listAuditPage(database.db, { cursor: 'bogus' }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(refused.code).toBe('CURSOR_INVALID');
  });
});
