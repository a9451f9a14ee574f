import type { Channel } from '../../db/schema/index.ts';
import type { NotifyResult } from './notifier-kit.ts';

/**
 * Messages the studio sends on its own, in the customer's language, through the outbox. Each writes
 * its row under the event's key (confirm:<id>, cancel:<id>, …), so calling twice for the same event
 * sends once. Built on the transaction of the change that causes the message (notifierOn), so the
 * message and the change commit together: the admin web's staff actions, the scheduled care's claims.
 */
export interface Notifier {
  notifyConfirmed(reservationId: number): Promise<NotifyResult>;
  notifyCancelled(reservationId: number, reason: string): Promise<NotifyResult>;
  notifyExpired(reservationId: number): Promise<NotifyResult>;
  /** The session's new date and time; once per new start, so a second move is told again. */
  notifyRescheduled(reservationId: number): Promise<NotifyResult>;
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
  /**
   * Staff linked this chat to the customer with the code the chat showed (linkChatByStaffCode): told in
   * that chat, whichever of the customer's chats was seen last.
   */
  notifyChatLinked(customerId: number, chat: { channel: Channel; externalId: string }): Promise<NotifyResult>;
  remindTomorrow(reservationId: number): Promise<NotifyResult>;
  requestRating(reservationId: number): Promise<NotifyResult>;
}

