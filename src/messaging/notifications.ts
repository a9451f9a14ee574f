import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers, pointsLedger, reservationItems } from '../../db/schema/index.ts';
import { getComplaintThread } from '../feedback/complaint-queries.ts';
import { formatDate, formatTime, t } from '../i18n/index.ts';
import type { Locale } from '../i18n/locale.ts';
import { getReservation } from '../reservations/queries.ts';
import { DEFAULT_TIME_ZONE } from '../reservations/schedule.ts';
import { receiptFor } from '../reservations/receipt.ts';
import { getSettings } from '../settings/settings.ts';
import {
  bookingButtonId,
  complaintReplyButtonId,
  MENU_BUTTON_ID,
  NEW_BOOKING_BUTTON_ID,
} from './chat-actions.ts';
import { jobId, type MessageKind } from './delivery.ts';
import type { ChoiceRows } from './messages.ts';
import type { Outbox, SendResult } from './outbox.ts';
import { ratingChoices } from './rating.ts';
import { receiptText } from './receipt-text.ts';

export interface NotifierDeps {
  db: DbOrTx;
  outbox: Outbox;
  /** The studio's zone for dates and times (config.timeZone). */
  timeZone?: string;
}

/** Undefined when there was nothing to tell (reservation or customer gone, customer anonymised). */
export type NotifyResult = SendResult | { queued: false; reason: 'nothing_to_send' };

/**
 * Messages the studio sends on its own, in the customer's language, through the outbox. Each has a
 * deterministic job id (confirm-<id>, cancel-<id>, …), so calling twice for the same event sends once.
 * The admin web calls notifyConfirmed / notifyCancelled / notifyComplaintReply / notifyCompletion
 * right after the domain change; the scheduled care calls the rest.
 */
export interface Notifier {
  notifyConfirmed(reservationId: number): Promise<NotifyResult>;
  notifyCancelled(reservationId: number, reason: string): Promise<NotifyResult>;
  notifyExpired(reservationId: number): Promise<NotifyResult>;
  /** `messageId` (the complaint message row) makes a repeated call for the same reply a no-op. */
  notifyComplaintReply(
    complaintId: number,
    body: string,
    options?: { messageId?: number },
  ): Promise<NotifyResult>;
  notifyPointsCredited(
    reservationId: number,
    options?: { membershipUpgraded?: boolean },
  ): Promise<NotifyResult>;
  /** Tells the referrer of `friendCustomerId` about their referral points, if they were credited. */
  notifyReferralCredited(friendCustomerId: number): Promise<NotifyResult>;
  /** Points for a completed booking, and the referrer's credit when this was the friend's first. */
  notifyCompletion(
    reservationId: number,
    options?: { membershipUpgraded?: boolean },
  ): Promise<NotifyResult[]>;
  remindTomorrow(reservationId: number): Promise<NotifyResult>;
  requestRating(reservationId: number): Promise<NotifyResult>;
}

const nothing: NotifyResult = { queued: false, reason: 'nothing_to_send' };

export function createNotifier(deps: NotifierDeps): Notifier {
  const { db, outbox } = deps;
  const timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;

  const person = async (customerId: number) => {
    const [row] = await db
      .select({
        name: customers.name,
        locale: customers.locale,
        pointsBalance: customers.pointsBalance,
        anonymizedAt: customers.anonymizedAt,
      })
      .from(customers)
      .where(eq(customers.id, customerId));
    return row && !row.anonymizedAt ? row : undefined;
  };
  const buttons = (locale: Locale, ...rows: [string, Parameters<typeof t>[1]][]): ChoiceRows =>
    rows.map(([id, key]) => [{ id, label: t(locale, key) }]);
  const send = (customerId: number, text: string, id: string, kind: MessageKind, choices?: ChoiceRows) =>
    outbox.send(customerId, choices ? { type: 'text', text, choices } : { type: 'text', text }, {
      jobId: id,
      kind,
    });
  const when = (instant: Date, locale: Locale) => ({
    date: formatDate(instant, locale, timeZone),
    time: formatTime(instant, locale, timeZone),
  });

  const notifyPointsCredited: Notifier['notifyPointsCredited'] = async (reservationId, options = {}) => {
    const [entry] = await db
      .select({ customerId: pointsLedger.customerId, points: pointsLedger.delta })
      .from(pointsLedger)
      .where(and(eq(pointsLedger.reservationId, reservationId), eq(pointsLedger.reason, 'completion')));
    const reservation = await getReservation(db, reservationId);
    const who = entry && reservation ? await person(entry.customerId) : undefined;
    if (!entry || !reservation || !who || entry.points <= 0) return nothing;
    let text = t(who.locale, 'notifications.pointsCredited', {
      points: entry.points,
      code: reservation.code,
      balance: who.pointsBalance,
      name: who.name,
    });
    if (options.membershipUpgraded) text += `\n${t(who.locale, 'notifications.membershipUpgraded')}`;
    return send(entry.customerId, text, jobId('points', reservationId), 'notification');
  };

  const notifyReferralCredited: Notifier['notifyReferralCredited'] = async (friendCustomerId) => {
    const [entry] = await db
      .select({ referrerId: pointsLedger.customerId, points: pointsLedger.delta })
      .from(pointsLedger)
      .where(and(eq(pointsLedger.referredCustomerId, friendCustomerId), eq(pointsLedger.reason, 'referral')));
    const friend = await person(friendCustomerId);
    const who = entry ? await person(entry.referrerId) : undefined;
    if (!entry || !who) return nothing;
    const text = t(who.locale, 'notifications.referralCredited', {
      friend: friend?.name.split(' ')[0] ?? '-',
      points: entry.points,
      balance: who.pointsBalance,
    });
    return send(
      entry.referrerId,
      text,
      jobId('referral', entry.referrerId, friendCustomerId),
      'notification',
    );
  };

  return {
    async notifyConfirmed(reservationId) {
      const reservation = await getReservation(db, reservationId);
      const who = reservation ? await person(reservation.customerId) : undefined;
      if (!reservation || !who) return nothing;
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
        jobId('confirm', reservationId),
        'notification',
        buttons(
          who.locale,
          [bookingButtonId(reservationId), 'notifications.btn.booking'],
          [MENU_BUTTON_ID, 'notifications.btn.menu'],
        ),
      );
    },

    async notifyCancelled(reservationId, reason) {
      const reservation = await getReservation(db, reservationId);
      const who = reservation ? await person(reservation.customerId) : undefined;
      if (!reservation || !who) return nothing;
      const lines = [
        t(who.locale, 'notifications.cancelled', {
          name: who.name,
          code: reservation.code,
          reason: reason.trim() || '-',
          ...when(reservation.startAt, who.locale),
        }),
      ];
      if (reservation.pointsRedeemed > 0) {
        lines.push(t(who.locale, 'notifications.cancelledPoints', { points: reservation.pointsRedeemed }));
      }
      lines.push('', t(who.locale, 'notifications.cancelledOutro'));
      return send(
        reservation.customerId,
        lines.join('\n'),
        jobId('cancel', reservationId),
        'notification',
        buttons(who.locale, [MENU_BUTTON_ID, 'notifications.btn.menu']),
      );
    },

    async notifyExpired(reservationId) {
      const reservation = await getReservation(db, reservationId);
      const who = reservation ? await person(reservation.customerId) : undefined;
      if (!reservation || !who) return nothing;
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
        jobId('expire', reservationId),
        'notification',
        buttons(
          who.locale,
          [NEW_BOOKING_BUTTON_ID, 'notifications.btn.book'],
          [MENU_BUTTON_ID, 'notifications.btn.menu'],
        ),
      );
    },

    async notifyComplaintReply(complaintId, body, options = {}) {
      const thread = await getComplaintThread(db, complaintId);
      const who = await person(thread.customer.id);
      if (!who) return nothing;
      const text = [
        t(who.locale, 'notifications.complaintReply', { code: thread.complaint.code, body: body.trim() }),
        '',
        t(who.locale, 'notifications.complaintReplyOutro'),
      ].join('\n');
      const id = options.messageId ? jobId('kreply', complaintId, options.messageId) : undefined;
      const choices = buttons(
        who.locale,
        [complaintReplyButtonId(complaintId), 'notifications.btn.reply'],
        [MENU_BUTTON_ID, 'notifications.btn.menu'],
      );
      return outbox.send(
        thread.customer.id,
        { type: 'text', text, choices },
        { ...(id ? { jobId: id } : {}), kind: 'reply' },
      );
    },

    notifyPointsCredited,
    notifyReferralCredited,

    async notifyCompletion(reservationId, options = {}) {
      const reservation = await getReservation(db, reservationId);
      if (!reservation) return [nothing];
      return [
        await notifyPointsCredited(reservationId, options),
        await notifyReferralCredited(reservation.customerId),
      ];
    },

    async remindTomorrow(reservationId) {
      const reservation = await getReservation(db, reservationId);
      const who = reservation ? await person(reservation.customerId) : undefined;
      if (!reservation || !who) return nothing;
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
        lines.push(t(who.locale, 'notifications.reminderMap', { url: receipt.studio.mapUrl }));
      lines.push('', t(who.locale, 'notifications.reminderOutro'));
      return send(
        reservation.customerId,
        lines.join('\n'),
        jobId('remind', reservationId),
        'reminder',
        buttons(who.locale, [bookingButtonId(reservationId), 'notifications.btn.booking']),
      );
    },

    async requestRating(reservationId) {
      const reservation = await getReservation(db, reservationId);
      const who = reservation ? await person(reservation.customerId) : undefined;
      if (!reservation || !who) return nothing;
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
        jobId('rate', reservationId),
        'rating',
        ratingChoices(item.id),
      );
    },
  };
}
