import type { DbOrTx } from '../db/client.ts';
import { getCustomer } from '../src/customers/index.ts';
import { formatDate, formatTime, t } from '../src/i18n/index.ts';
import { jobId, type Notifier, type NotifyResult, type Outbox } from '../src/messaging/index.ts';
import { getReservation } from '../src/reservations/index.ts';
import type { AdminNotifier, NotifyOutcome } from './env.ts';

const outcome = (result: NotifyResult | NotifyResult[]): NotifyOutcome => {
  const first = Array.isArray(result) ? result[0] : result;
  return first && !first.queued && first.reason === 'no_reachable_channel' ? 'unreachable' : 'queued';
};

/**
 * The admin's notifier over the workers' (src/messaging createNotifier), plus the one message it does not
 * have yet: a moved session. That one goes straight through the outbox with a job id per reservation and
 * new start, so a double click sends once but a second move is told again.
 */
export function adminNotifier(deps: {
  db: DbOrTx;
  notifier: Notifier;
  outbox: Outbox;
  timeZone: string;
}): AdminNotifier {
  const { notifier } = deps;
  return {
    reservationConfirmed: async (id) => outcome(await notifier.notifyConfirmed(id)),
    reservationCancelled: async (id, reason) => outcome(await notifier.notifyCancelled(id, reason)),
    reservationCompleted: async (id, options) => outcome(await notifier.notifyCompletion(id, options)),
    complaintReplied: async (complaintId, body, messageId) =>
      outcome(await notifier.notifyComplaintReply(complaintId, body, { messageId })),
    reservationRescheduled: async (id) => {
      const reservation = await getReservation(deps.db, id);
      if (!reservation) return 'queued';
      const customer = await getCustomer(deps.db, reservation.customerId);
      if (customer.anonymizedAt) return 'queued';
      const locale = customer.locale;
      const text = t(locale, 'admin.toCustomer.rescheduled', {
        name: customer.name,
        code: reservation.code,
        date: formatDate(reservation.startAt, locale, deps.timeZone),
        time: formatTime(reservation.startAt, locale, deps.timeZone),
      });
      const result = await deps.outbox.send(
        customer.id,
        { type: 'text', text },
        { jobId: jobId('reschedule', id, reservation.startAt.getTime()), kind: 'notification' },
      );
      return result.queued ? 'queued' : 'unreachable';
    },
  };
}
