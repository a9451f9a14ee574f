import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { channelValues, reservationItems, reservations } from '../../db/schema/index.ts';
import { recordPoints } from '../loyalty/ledger.ts';
import { getSettings } from '../settings/settings.ts';
import { parseInput } from '../validation.ts';
import { lockRoom } from './capacity.ts';
import { assertNoOverlapFor } from './overlap.ts';
import { bookablePackage } from './product.ts';
import { quoteReservation } from './quote.ts';
import { DEFAULT_TIME_ZONE, resolveSlot } from './schedule.ts';
import type { ReservationWithItems } from './types.ts';

const createInput = z.object({
  customerId: z.number().int().positive(),
  productId: z.number().int().positive(),
  startAt: z.date(),
  bundleIds: z.array(z.number().int().positive()).max(20).default([]),
  pointsToRedeem: z.number().int().min(0).default(0),
  channel: z.enum(channelValues).optional(),
  customerNote: z.string().trim().max(1000).optional(),
  now: z.date().optional(),
  timeZone: z.string().optional(),
});

export type CreateReservationInput = z.input<typeof createInput>;

/**
 * Books a session as a pending_payment hold. In one transaction: lock the local day, re-check the
 * capacity of every slot the session covers (SLOT_FULL), refuse a customer who already holds a booking
 * at that time (CUSTOMER_DOUBLE_BOOKED), insert the reservation and its lines (names
 * and prices frozen), and spend the redeemed points. The payment deadline is paymentDeadlineHours from
 * now but never after the session starts.
 */
export async function createReservation(
  db: DbOrTx,
  input: CreateReservationInput,
): Promise<ReservationWithItems> {
  const args = parseInput(createInput, input);
  const now = args.now ?? new Date();
  const timeZone = args.timeZone ?? DEFAULT_TIME_ZONE;
  return db.transaction(async (tx) => {
    // Issued together on the transaction's connection, postgres.js sends both in one socket write.
    const [settings, product] = await Promise.all([getSettings(tx), bookablePackage(tx, args.productId)]);
    const slot = resolveSlot(settings, args.startAt, product.durationMinutes, now, timeZone);
    const quote = await quoteReservation(tx, { ...args, now }, { settings, product });

    await lockRoom(tx, slot, settings.capacityPerSlot);
    await assertNoOverlapFor(tx, args.customerId, slot);

    const deadline = Math.min(
      now.getTime() + settings.paymentDeadlineHours * 3_600_000,
      slot.startAt.getTime(),
    );
    const [reservation] = await tx
      .insert(reservations)
      .values({
        customerId: args.customerId,
        startAt: slot.startAt,
        endAt: slot.endAt,
        subtotal: quote.subtotal,
        discount: quote.discount,
        pointsRedeemed: quote.pointsRedeemed,
        total: quote.total,
        paymentDeadline: new Date(deadline),
        channel: args.channel ?? null,
        customerNote: args.customerNote || null,
      })
      .returning();
    const items = await tx
      .insert(reservationItems)
      .values(
        quote.items.map((item) => ({
          reservationId: reservation!.id,
          productId: item.productId,
          bundleId: item.bundleId,
          kind: item.kind,
          name: item.name,
          unitPrice: item.unitPrice,
          quantity: item.quantity,
          lineTotal: item.lineTotal,
          discount: item.saving,
        })),
      )
      .returning();
    if (quote.pointsRedeemed > 0) {
      await recordPoints(tx, {
        customerId: args.customerId,
        delta: -quote.pointsRedeemed,
        reason: 'redemption',
        reservationId: reservation!.id,
      });
    }
    return { reservation: reservation!, items };
  });
}
