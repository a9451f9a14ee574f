import type { Notifier, NotifyResult } from '../src/messaging/index.ts';
import type { AdminNotifier, NotifyOutcome } from './env.ts';

const outcome = (result: NotifyResult | NotifyResult[]): NotifyOutcome => {
  const first = Array.isArray(result) ? result[0] : result;
  return first && !first.queued && first.reason === 'no_reachable_channel' ? 'unreachable' : 'queued';
};

export interface AdminNotifierDeps {
  notifier: Notifier;
}

/** The admin's view of the workers' notifier (src/messaging createNotifier): queued, or nobody to reach. */
export function adminNotifier(deps: AdminNotifierDeps): AdminNotifier {
  const { notifier } = deps;
  return {
    reservationConfirmed: async (id) => outcome(await notifier.notifyConfirmed(id)),
    reservationCancelled: async (id, reason) => outcome(await notifier.notifyCancelled(id, reason)),
    reservationCompleted: async (id, options) => outcome(await notifier.notifyCompletion(id, options)),
    reservationRescheduled: async (id) => outcome(await notifier.notifyRescheduled(id)),
    complaintReplied: async (complaintId, body, messageId) =>
      outcome(await notifier.notifyComplaintReply(complaintId, body, { messageId })),
    chatLinked: async (customerId, chat) => outcome(await notifier.notifyChatLinked(customerId, chat)),
  };
}
