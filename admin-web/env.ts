import type { Hono } from 'hono';
import type { Db, DbOrTx } from '../db/client.ts';
import type { Channel } from '../db/schema/index.ts';
import type { Translate } from '../src/i18n/index.ts';
import type { Locale } from '../src/i18n/locale.ts';
import type { Logger } from '../src/logger.ts';
import type { SessionStaff } from '../src/staff/index.ts';
import type { Clock } from '../src/time.ts';

/**
 * Tells customers, in their chat, what staff did. Implemented over the outbox (admin-web/notifier.ts
 * adapts src/messaging's notifier): each call writes the message row on the staff action's own
 * transaction `tx`, so the change and its message commit together, and nothing waits on Redis.
 * 'unreachable': the customer has no chat we can write to (entered by staff, or blocked us).
 */
export type NotifyOutcome = 'queued' | 'unreachable';

export interface AdminNotifier {
  reservationConfirmed(tx: DbOrTx, reservationId: number): Promise<NotifyOutcome>;
  reservationCancelled(tx: DbOrTx, reservationId: number, reason: string): Promise<NotifyOutcome>;
  reservationCompleted(
    tx: DbOrTx,
    reservationId: number,
    options: { membershipUpgraded: boolean },
  ): Promise<NotifyOutcome>;
  reservationRescheduled(tx: DbOrTx, reservationId: number): Promise<NotifyOutcome>;
  complaintReplied(tx: DbOrTx, complaintId: number, body: string, messageId: number): Promise<NotifyOutcome>;
  /** Staff linked this chat to the customer with the code it showed: tells that chat, not another. */
  chatLinked(
    tx: DbOrTx,
    customerId: number,
    chat: { channel: Channel; externalId: string },
  ): Promise<NotifyOutcome>;
}

/** Starts and stops a broadcast's fan-out (the workers' queue). */
export interface BroadcastRunner {
  /** Queues the fan-out now, or at scheduledAt for a scheduled campaign. */
  start(broadcastId: number): Promise<unknown>;
  /** Cancels the campaign (pending recipients become skipped) and drops its queued sends. */
  cancel(broadcastId: number): Promise<unknown>;
}

export type WhatsappStatus =
  | { state: 'disabled' }
  | { state: 'starting' }
  | { state: 'qr'; qr: string }
  | { state: 'ready'; phone?: string | undefined }
  | { state: 'disconnected'; reason?: string | undefined };

export interface AdminDeps {
  db: Db;
  log: Logger;
  notifier: AdminNotifier;
  /** Set Secure on the session cookie (PUBLIC_URL is https). */
  secureCookies: boolean;
  timeZone: string;
  clock?: Clock;
  broadcasts?: BroadcastRunner;
  /** bull-board's Hono app, built with basePath '/admin/queues'; owners only (admin-web/routes/queues.ts). */
  queueDashboard?: Hono;
  /** TRUST_PROXY: the login limits count the address from X-Forwarded-For (src/client-address.ts). */
  trustProxy?: boolean;
  /** PUBLIC_URL: an Origin naming it is our own page even when a proxy rewrote the Host header. */
  publicUrl?: string | undefined;
  whatsappStatus?: () => Promise<WhatsappStatus>;
}

export interface AdminVariables {
  staff: SessionStaff;
  sessionId: string;
  csrf: string;
  locale: Locale;
  t: Translate;
}

export type AdminEnv = { Variables: AdminVariables };

/** What routes and pages need besides the request: the deps with a clock always present. */
export type AdminContext = Required<Pick<AdminDeps, 'clock'>> & AdminDeps;
