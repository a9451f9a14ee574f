import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStudioSettings } from '../../db/defaults.ts';
import { AppError } from '../../src/errors.ts';
import { getSettings, updateSettings } from '../../src/settings/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function rejected(patch: Parameters<typeof updateSettings>[1]): Promise<AppError> {
  const error = await updateSettings(database.db, patch).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('studio settings', () => {
  it('a fresh install reads the default settings', async () => {
    const settings = await getSettings(database.db);
    expect(settings.studioName).toBe(defaultStudioSettings.studioName);
    expect(settings.openingHours).toHaveLength(7);
    expect(settings.bankAccounts.length).toBeGreaterThan(0);
  });

  it('saves a change and keeps everything else', async () => {
    const updated = await updateSettings(database.db, {
      slotMinutes: 30,
      capacityPerSlot: 3,
      openingHours: [null, ...Array.from({ length: 6 }, () => ({ open: '08:30', close: '17:00' }))],
      reminderTime: '18:00',
    });
    expect(updated.slotMinutes).toBe(30);
    const again = await getSettings(database.db);
    expect(again.capacityPerSlot).toBe(3);
    expect(again.openingHours[0]).toBeNull();
    expect(again.openingHours[1]).toEqual({ open: '08:30', close: '17:00' });
    expect(again.reminderTime).toBe('18:00');
    expect(again.studioName).toBe(defaultStudioSettings.studioName);
  });

  it('merges a partial change of the points rules', async () => {
    const updated = await updateSettings(database.db, { pointsRules: { pointValueRupiah: 250 } });
    expect(updated.pointsRules.pointValueRupiah).toBe(250);
    expect(updated.pointsRules.maxRedeemPercent).toBe(defaultStudioSettings.pointsRules.maxRedeemPercent);
  });

  it('an empty change leaves the settings as they are', async () => {
    const before = await getSettings(database.db);
    expect(await updateSettings(database.db, {})).toEqual(before);
  });

  it.each([
    [
      'closing before opening',
      { openingHours: Array.from({ length: 7 }, () => ({ open: '18:00', close: '09:00' })) },
      'openingHours.0.close',
    ],
    ['a time that is not HH:MM', { reminderTime: '9:00' }, 'reminderTime'],
    [
      'hour 24',
      { openingHours: Array.from({ length: 7 }, () => ({ open: '09:00', close: '24:00' })) },
      'openingHours.0.close',
    ],
    ['six days of hours', { openingHours: Array.from({ length: 6 }, () => null) }, 'openingHours'],
    ['10-minute slots', { slotMinutes: 10 }, 'slotMinutes'],
    ['5-hour slots', { slotMinutes: 300 }, 'slotMinutes'],
    ['no capacity', { capacityPerSlot: 0 }, 'capacityPerSlot'],
    ['capacity 21', { capacityPerSlot: 21 }, 'capacityPerSlot'],
    ['no bank account', { bankAccounts: [] }, 'bankAccounts'],
    [
      'a blank account number',
      { bankAccounts: [{ bank: 'BCA', number: ' ', holder: 'Potret' }] },
      'bankAccounts.0.number',
    ],
    ['a zero payment deadline', { paymentDeadlineHours: 0 }, 'paymentDeadlineHours'],
    ['a negative proof alert', { proofAlertHours: -1 }, 'proofAlertHours'],
    ['a fractional rating delay', { ratingDelayHours: 1.5 }, 'ratingDelayHours'],
    ['zero-rupiah points', { pointsRules: { pointValueRupiah: 0 } }, 'pointsRules.pointValueRupiah'],
    ['redeeming over 100%', { pointsRules: { maxRedeemPercent: 150 } }, 'pointsRules.maxRedeemPercent'],
    ['an unknown setting', { colour: 'red' } as never, 'input'],
  ])('rejects %s, naming the field, and changes nothing', async (_label, patch, field) => {
    const before = await getSettings(database.db);
    const error = await rejected(patch);
    expect(error.code).toBe('VALIDATION');
    expect(error.fields.map((f) => f.field)).toContain(field);
    expect(await getSettings(database.db)).toEqual(before);
  });
});
