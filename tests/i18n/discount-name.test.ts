import { describe, expect, it } from 'vitest';
import { type MessageKey, t } from '../../src/i18n/index.ts';
import { admin } from '../../src/i18n/messages/admin.ts';
import { chat } from '../../src/i18n/messages/chat.ts';
import { common } from '../../src/i18n/messages/common.ts';
import { notifications } from '../../src/i18n/messages/notifications.ts';

/** Every text that shows the price cut a bundle gives an add-on: chat summary, my bookings, receipt, admin. */
const bundleDiscountTexts: MessageKey[] = [
  'chat.booking.saving',
  'chat.my.discount',
  'notifications.receipt.discount',
  'admin.res.discount',
  'admin.bnd.saving',
  'admin.bnd.discount',
];

describe('the bundle discount has one name', () => {
  it('"Potongan bundling" in Indonesian and "Bundle discount" in English, wherever it is shown', () => {
    for (const key of bundleDiscountTexts) {
      expect(t('id', key, { amount: 'Rp 30.000' }), key).toMatch(/potongan bundling/i);
      expect(t('en', key, { amount: 'Rp 30.000' }), key).toMatch(/bundle discount/i);
    }
  });

  it('the names it had before ("hemat" next to an add-on, "Potongan paket", "Bundle savings") are gone', () => {
    const all = [chat, notifications, admin, common].flatMap((area) => [
      ...Object.values(area.id as Record<string, string>),
      ...Object.values(area.en as Record<string, string>),
    ]);
    expect(all.filter((text) => /potongan paket|bundle savings|^\(hemat|^hemat \{amount\}/i.test(text))).toEqual([]);
  });
});
