import { formatDate, formatNumber, formatPhone, formatRupiah, formatTimeRange, t } from '../i18n/index.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Receipt } from '../reservations/types.ts';

/** The receipt as chat text: code, lines, totals, date and time in the studio's zone, address and map. */
export function receiptText(receipt: Receipt, locale: Locale, timeZone: string): string {
  const lines = [
    t(locale, 'notifications.receipt.title', { code: receipt.code }),
    t(locale, 'notifications.receipt.when', {
      date: formatDate(receipt.startAt, locale, timeZone),
      time: formatTimeRange(receipt.startAt, receipt.endAt, locale, timeZone),
    }),
    '',
    ...receipt.items.map((item) =>
      t(locale, 'notifications.receipt.line', {
        name: item.name,
        quantity:
          item.quantity > 1 ? t(locale, 'notifications.receipt.quantity', { quantity: item.quantity }) : '',
        amount: formatRupiah(item.lineTotal),
      }),
    ),
  ];
  if (receipt.discount > 0)
    lines.push(t(locale, 'notifications.receipt.discount', { amount: formatRupiah(receipt.discount) }));
  if (receipt.pointsRedeemed > 0) {
    lines.push(
      t(locale, 'notifications.receipt.points', {
        points: formatNumber(receipt.pointsRedeemed, locale),
        amount: formatRupiah(receipt.pointsValue),
      }),
    );
  }
  lines.push(t(locale, 'notifications.receipt.total', { amount: formatRupiah(receipt.total) }), '');
  lines.push(
    t(locale, 'notifications.receipt.studio', {
      name: receipt.studio.name,
      address: receipt.studio.address,
    }).trimEnd(),
  );
  if (receipt.studio.mapUrl)
    lines.push(t(locale, 'notifications.receipt.map', { url: receipt.studio.mapUrl }));
  if (receipt.studio.phone)
    lines.push(t(locale, 'notifications.receipt.phone', { phone: formatPhone(receipt.studio.phone) }));
  return lines.join('\n');
}
