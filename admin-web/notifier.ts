import type { NotifierOn, NotifyResult } from '../src/messaging/index.ts';
import type { AdminNotifier, NotifyOutcome } from './env.ts';

const outcome = (result: NotifyResult | NotifyResult[]): NotifyOutcome => {
  const first = Array.isArray(result) ? result[0] : result;
  return first && !first.queued && first.reason === 'no_reachable_channel' ? 'unreachable' : 'queued';
};

export interface AdminNotifierDeps {
  /** src/messaging's notifier on a given transaction (notifierOn). */
  notifierOn: NotifierOn;
}

/** The admin's view of src/messaging's notifier: written to the outbox, or nobody to reach. */
export function adminNotifier(deps: AdminNotifierDeps): AdminNotifier {
  const on = deps.notifierOn;
  return {
    reservationConfirmed: async (tx, id) => outcome(await on(tx).notifyConfirmed(id)),
    reservationCancelled: async (tx, id, reason) => outcome(await on(tx).notifyCancelled(id, reason)),
    reservationCompleted: async (tx, id, options) => outcome(await on(tx).notifyCompletion(id, options)),
    reservationRescheduled: async (tx, id) => outcome(await on(tx).notifyRescheduled(id)),
    complaintReplied: async (tx, complaintId, body, messageId) =>
      outcome(await on(tx).notifyComplaintReply(complaintId, body, { messageId })),
    chatLinked: async (tx, customerId, chat) => outcome(await on(tx).notifyChatLinked(customerId, chat)),
  };
}
