import type { DbOrTx } from './client.ts';
import { type PointsRules, studioSettings } from './schema/index.ts';

/**
 * The studio's settings row as a new install starts. Kept apart from the demo seed so reading
 * settings never loads the image library the seed draws its photos with.
 */

export const defaultPointsRules: PointsRules = {
  earnPerRupiah: 10_000,
  pointValueRupiah: 100,
  maxRedeemPercent: 50,
  referralPoints: 100,
  referralWelcomePoints: 50,
  memberAfterBookings: 3,
};

/** The studio's profile as a new install starts; the owner edits it in settings. */
export const defaultStudioSettings = {
  id: 1,
  studioName: 'Potret Studio Tanjungpinang',
  address: 'Jl. Merdeka No. 21, Tanjungpinang Kota, Kepulauan Riau 29111',
  mapUrl: 'https://maps.google.com/?q=Jl.+Merdeka+No.+21+Tanjungpinang',
  phone: '+6281234500021',
  // Sunday first, as Date#getDay.
  openingHours: [
    { open: '10:00', close: '16:00' },
    { open: '09:00', close: '18:00' },
    { open: '09:00', close: '18:00' },
    { open: '09:00', close: '18:00' },
    { open: '09:00', close: '18:00' },
    { open: '09:00', close: '18:00' },
    { open: '09:00', close: '18:00' },
  ],
  slotMinutes: 60,
  capacityPerSlot: 2,
  bookingHorizonDays: 14,
  bankAccounts: [
    { bank: 'BCA', number: '8120 555 021', holder: 'Potret Studio Tanjungpinang' },
    { bank: 'BRI', number: '0231 01 000555 30 7', holder: 'Potret Studio Tanjungpinang' },
  ],
  paymentDeadlineHours: 24,
  cancelCutoffHours: 24,
  pointsRules: defaultPointsRules,
  reminderTime: '09:00',
  ratingDelayHours: 3,
  proofAlertHours: 4,
} satisfies typeof studioSettings.$inferInsert;

/** Inserts the settings row when missing; every install needs it, demo or not. */
export async function ensureStudioSettings(db: DbOrTx): Promise<void> {
  await db.insert(studioSettings).values(defaultStudioSettings).onConflictDoNothing();
}
