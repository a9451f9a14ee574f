import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { createStaff, listStaff, updateStaff } from '../../src/staff/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const activeOwners = async () =>
  (await listStaff(database.db)).filter((staff) => staff.role === 'owner' && staff.active);

describe('staff accounts', () => {
  it('keeps one active owner when two owners step down at the same moment', async () => {
    const owner = (email: string, name: string) =>
      createStaff(database.db, { email, name, role: 'owner', password: 'rahasia-studio-1' });
    const [ani, budi] = await Promise.all([
      owner('ani@studio.test', 'Ani'),
      owner('budi@studio.test', 'Budi'),
    ]);

    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.allSettled([
        updateStaff(database.db, ani.id, { role: 'admin' }),
        updateStaff(database.db, budi.id, { active: false }),
      ]);
      const refused = outcomes.filter((o) => o.status === 'rejected');
      expect(refused).toHaveLength(1);
      const error = (refused[0] as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fields).toEqual([{ field: 'role', message: 'admin.v.lastOwner' }]);
      expect(await activeOwners()).toHaveLength(1);
      // Both owners again for the next round.
      await updateStaff(database.db, ani.id, { role: 'owner', active: true });
      await updateStaff(database.db, budi.id, { role: 'owner', active: true });
    }
  });
});
