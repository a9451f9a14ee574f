import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers, reservationItems, reservations } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { getSettings } from '../settings/settings.ts';
import type { Receipt } from './types.ts';

/**
 * What a customer gets after booking and after confirmation: the lines as frozen at booking, the
 * totals, the session time, where the studio is and where to transfer.
 */
export async function receiptFor(db: DbOrTx, reservationId: number): Promise<Receipt> {
  // Independent reads issued together go out in one socket write (postgres.js pipelines them).
  const [[row], items, settings] = await Promise.all([
    db
      .select({ reservation: reservations, customerName: customers.name, customerCode: customers.code })
      .from(reservations)
      .innerJoin(customers, eq(customers.id, reservations.customerId))
      .where(eq(reservations.id, reservationId)),
    db
      .select({
        name: reservationItems.name,
        unitPrice: reservationItems.unitPrice,
        quantity: reservationItems.quantity,
        lineTotal: reservationItems.lineTotal,
      })
      .from(reservationItems)
      .where(eq(reservationItems.reservationId, reservationId))
      .orderBy(asc(reservationItems.id)),
    getSettings(db),
  ]);
  if (!row) throw new AppError('RESERVATION_NOT_FOUND', `reservation ${reservationId}`);
  const { reservation: r } = row;
  return {
    reservationId: r.id,
    code: r.code,
    status: r.status,
    customerName: row.customerName,
    customerCode: row.customerCode,
    items,
    subtotal: r.subtotal,
    discount: r.discount,
    pointsRedeemed: r.pointsRedeemed,
    // From the booking's own arithmetic, so a later change of the point value does not alter old receipts.
    pointsValue: r.subtotal - r.discount - r.total,
    total: r.total,
    startAt: r.startAt,
    endAt: r.endAt,
    paymentDeadline: r.paymentDeadline,
    confirmedAt: r.confirmedAt,
    studio: {
      name: settings.studioName,
      address: settings.address,
      mapUrl: settings.mapUrl,
      phone: settings.phone,
    },
    banks: settings.bankAccounts,
  };
}
