import { and, eq } from 'drizzle-orm';
import { complaints, pointsLedger } from '../../db/schema/index.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { getReservation } from '../reservations/queries.ts';
import { complaintReplyButtonId, MENU_BUTTON_ID } from './chat-actions.ts';
import type { Notifier } from './notifier.ts';
import { type NotifierKit, nothing } from './notifier-kit.ts';
import { eventKey } from './outbox.ts';

export type CareNotices = Pick<
  Notifier,
  'notifyComplaintReply' | 'notifyPointsCredited' | 'notifyReferralCredited' | 'notifyCompletion'
>;

/** After-care: a staff answer to a complaint, and the points a session or a referral earned. */
export function careNotices(kit: NotifierKit): CareNotices {
  const { db, outbox, person, buttons, send } = kit;

  const notifyPointsCredited: Notifier['notifyPointsCredited'] = async (reservationId, options = {}) => {
    const [entry] = await db
      .select({ customerId: pointsLedger.customerId, points: pointsLedger.delta })
      .from(pointsLedger)
      .where(and(eq(pointsLedger.reservationId, reservationId), eq(pointsLedger.reason, 'completion')));
    const reservation = await getReservation(db, reservationId);
    const who = entry && reservation ? await person(entry.customerId) : undefined;
    if (!entry || !reservation || !who || entry.points <= 0) return nothing;
    let text = t(who.locale, 'notifications.pointsCredited', {
      points: formatNumber(entry.points, who.locale),
      code: reservation.code,
      balance: formatNumber(who.pointsBalance, who.locale),
      name: who.name,
    });
    if (options.membershipUpgraded) text += `\n${t(who.locale, 'notifications.membershipUpgraded')}`;
    return send(entry.customerId, text, { dedupeKey: eventKey('points', reservationId), reservationId }, 'notification');
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
      points: formatNumber(entry.points, who.locale),
      balance: formatNumber(who.pointsBalance, who.locale),
    });
    return send(
      entry.referrerId,
      text,
      { dedupeKey: eventKey('referral', entry.referrerId, friendCustomerId) },
      'notification',
    );
  };

  return {
    async notifyComplaintReply(complaintId, body, options = {}) {
      const [complaint] = await db
        .select({ code: complaints.code, customerId: complaints.customerId })
        .from(complaints)
        .where(eq(complaints.id, complaintId));
      const who = complaint ? await person(complaint.customerId) : undefined;
      if (!complaint || !who) return nothing;
      const text = [
        t(who.locale, 'notifications.complaintReply', { code: complaint.code, body: body.trim() }),
        '',
        t(who.locale, 'notifications.complaintReplyOutro'),
      ].join('\n');
      const key = options.messageId ? eventKey('kreply', complaintId, options.messageId) : undefined;
      const choices = buttons(
        who.locale,
        [complaintReplyButtonId(complaintId), 'notifications.btn.reply'],
        [MENU_BUTTON_ID, 'notifications.btn.menu'],
      );
      return outbox.send(
        complaint.customerId,
        { type: 'text', text, choices },
        { ...(key ? { dedupeKey: key } : {}), kind: 'reply', complaintId },
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
  };
}
