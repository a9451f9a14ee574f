import { and, asc, eq } from 'drizzle-orm';
import { reservationItems } from '../../db/schema/index.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { getReservation } from '../reservations/queries.ts';
import { receiptFor } from '../reservations/receipt.ts';
import { getSettings } from '../settings/settings.ts';
import { bookingButtonId, MENU_BUTTON_ID, NEW_BOOKING_BUTTON_ID } from './chat-actions.ts';
import type { Notifier } from './notifier.ts';
import { type NotifierKit, nothing } from './notifier-kit.ts';
import { eventKey } from './outbox.ts';
import { ratingChoices } from './rating.ts';
import { receiptText } from './receipt-text.ts';

export type ReservationNotices = Pick<
  Notifier,
  | 'notifyConfirmed'
  | 'notifyCancelled'
  | 'notifyExpired'
  | 'notifyRescheduled'
  | 'remindTomorrow'
  | 'requestRating'
>;

/** What a booking's customer hears as it moves: confirmed, cancelled, expired, moved, tomorrow, rate it. */
export function reservationNotices(kit: NotifierKit): ReservationNotices {
  const { db, timeZone, person, buttons, send, when } = kit;

  /** The booking and its customer, or undefined when either is gone or the customer is anonymised. */
  const bookingOf = async (reservationId: number) => {
    const reservation = await getReservation(db, reservationId);
    const who = reservation ? await person(reservation.customerId) : undefined;
    return reservation && who ? { reservation, who } : undefined;
  };

  return {
    async notifyConfirmed(reservationId) {
      const found = await bookingOf(reservationId);
      if (!found) return nothing;
      const { reservation, who } = found;
      const receipt = await receiptFor(db, reservationId);
      const text = [
        t(who.locale, 'notifications.confirmed', { name: who.name, code: reservation.code }),
        '',
        receiptText(receipt, who.locale, timeZone),
        '',
        t(who.locale, 'notifications.confirmedOutro'),
      ].join('\n');
      return send(
        reservation.customerId,
        text,
        { dedupeKey: eventKey('confirm', reservationId), reservationId },
        'notification',
        buttons(
          who.locale,
          [bookingButtonId(reservationId), 'notifications.btn.booking'],
          [MENU_BUTTON_ID, 'notifications.btn.menu'],
        ),
      );
    },

    async notifyCancelled(reservationId, reason) {
      const found = await bookingOf(reservationId);
      if (!found) return nothing;
      const { reservation, who } = found;
      const lines = [
        t(who.locale, 'notifications.cancelled', {
          name: who.name,
          code: reservation.code,
          reason: reason.trim() || '-',
          ...when(reservation.startAt, who.locale),
        }),
      ];
      if (reservation.pointsRedeemed > 0) {
        lines.push(
          t(who.locale, 'notifications.cancelledPoints', {
            points: formatNumber(reservation.pointsRedeemed, who.locale),
          }),
        );
      }
      lines.push('', t(who.locale, 'notifications.cancelledOutro'));
      return send(
        reservation.customerId,
        lines.join('\n'),
        { dedupeKey: eventKey('cancel', reservationId), reservationId },
        'notification',
        buttons(who.locale, [MENU_BUTTON_ID, 'notifications.btn.menu']),
      );
    },

    async notifyExpired(reservationId) {
      const found = await bookingOf(reservationId);
      if (!found) return nothing;
      const { reservation, who } = found;
      const text = [
        t(who.locale, 'notifications.expired', {
          name: who.name,
          code: reservation.code,
          ...when(reservation.startAt, who.locale),
        }),
        t(who.locale, 'notifications.expiredOutro'),
      ].join('\n');
      return send(
        reservation.customerId,
        text,
        { dedupeKey: eventKey('expire', reservationId), reservationId },
        'notification',
        buttons(
          who.locale,
          [NEW_BOOKING_BUTTON_ID, 'notifications.btn.book'],
          [MENU_BUTTON_ID, 'notifications.btn.menu'],
        ),
      );
    },

    async notifyRescheduled(reservationId) {
      const found = await bookingOf(reservationId);
      if (!found) return nothing;
      const { reservation, who } = found;
      const text = [
        t(who.locale, 'notifications.rescheduled', {
          name: who.name,
          code: reservation.code,
          ...when(reservation.startAt, who.locale),
        }),
        t(who.locale, 'notifications.rescheduledOutro'),
      ].join('\n');
      // The new start (ms) is part of the key: a double click sends once, a second move is told again.
      return send(
        reservation.customerId,
        text,
        { dedupeKey: eventKey('reschedule', reservationId, reservation.startAt.getTime()), reservationId },
        'notification',
        buttons(
          who.locale,
          [bookingButtonId(reservationId), 'notifications.btn.booking'],
          [MENU_BUTTON_ID, 'notifications.btn.menu'],
        ),
      );
    },

    async remindTomorrow(reservationId) {
      const found = await bookingOf(reservationId);
      if (!found) return nothing;
      const { reservation, who } = found;
      const receipt = await receiptFor(db, reservationId);
      const lines = [
        t(who.locale, 'notifications.reminder', {
          name: who.name,
          code: reservation.code,
          items: receipt.items.map((item) => item.name).join(', '),
          studio: receipt.studio.name,
          address: receipt.studio.address,
          ...when(reservation.startAt, who.locale),
        }).trimEnd(),
      ];
      if (receipt.studio.mapUrl)
        lines.push(t(who.locale, 'notifications.receipt.map', { url: receipt.studio.mapUrl }));
      lines.push('', t(who.locale, 'notifications.reminderOutro'));
      return send(
        reservation.customerId,
        lines.join('\n'),
        { dedupeKey: eventKey('remind', reservationId), reservationId },
        'reminder',
        buttons(who.locale, [bookingButtonId(reservationId), 'notifications.btn.booking']),
      );
    },

    async requestRating(reservationId) {
      const found = await bookingOf(reservationId);
      if (!found) return nothing;
      const { reservation, who } = found;
      const [item] = await db
        .select({ id: reservationItems.id, name: reservationItems.name })
        .from(reservationItems)
        .where(and(eq(reservationItems.reservationId, reservationId), eq(reservationItems.kind, 'package')))
        .orderBy(asc(reservationItems.id))
        .limit(1);
      if (!item) return nothing;
      const { studioName } = await getSettings(db);
      const text = t(who.locale, 'notifications.ratingRequest', {
        studio: studioName,
        name: who.name,
        item: item.name,
      });
      return send(
        reservation.customerId,
        text,
        { dedupeKey: eventKey('rate', reservationId), reservationId },
        'rating',
        ratingChoices(item.id),
      );
    },
  };
}
