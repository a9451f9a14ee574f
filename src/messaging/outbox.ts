import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type Channel, outboxMessages } from '../../db/schema/index.ts';
import { deliveryTarget } from '../customers/identities.ts';
import { parseInput } from '../validation.ts';
import { type MessageKind, outboundMessageSchema } from './delivery.ts';
import type { OutboundMessage } from './messages.ts';

export interface OutboxDeps {
  /** The caller's transaction: the message row commits, or rolls back, with the change that causes it. */
  db: DbOrTx;
  /**
   * Channels some process delivers on. A customer's most recent chat on any other channel (WhatsApp
   * while it is disabled, Telegram without a token) is passed over for the next most recent one, so a
   * message never waits for a sender nobody runs. All channels when omitted.
   */
  channels?: readonly Channel[];
  /** Tells this process's relay a row was written, so it looks before its next poll. */
  wake?: () => void;
}

export interface SendOptions {
  /**
   * One message per event (see eventKey()): a second send with the same key writes nothing, so telling
   * the same event twice sends once.
   */
  dedupeKey?: string;
  kind?: MessageKind;
  /** Milliseconds to hold the message back. */
  delay?: number;
  /** What the message is about, shown in that booking's or complaint's history. */
  reservationId?: number;
  complaintId?: number;
}

export type SendResult =
  | {
      queued: true;
      channel: Channel;
      externalId: string;
      /** The outbox row; undefined when the same event's message was already written. */
      outboxId: number | undefined;
    }
  | { queued: false; reason: 'no_reachable_channel' };

export interface Outbox {
  /** Writes a message to the customer's most recently seen reachable chat. Never talks to a platform. */
  send(customerId: number, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
  /** Writes a message to a known chat (a reply in a thread the studio already knows). */
  sendToThread(
    channel: Channel,
    externalId: string,
    message: OutboundMessage,
    options?: SendOptions & { customerId?: number },
  ): Promise<SendResult>;
}

/** A key naming one event's message: `eventKey('confirm', 12)` → "confirm:12". */
export function eventKey(...parts: (string | number)[]): string {
  return parts.join(':');
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const write = async (
    channel: Channel,
    externalId: string,
    message: OutboundMessage,
    options: SendOptions & { customerId?: number | undefined },
  ): Promise<SendResult> => {
    const checked = parseInput(outboundMessageSchema, message);
    const [row] = await deps.db
      .insert(outboxMessages)
      .values({
        channel,
        externalId,
        customerId: options.customerId ?? null,
        kind: options.kind ?? 'notification',
        message: checked as Record<string, unknown>,
        dedupeKey: options.dedupeKey ?? null,
        reservationId: options.reservationId ?? null,
        complaintId: options.complaintId ?? null,
        ...(options.delay ? { dueAt: sql`now() + ${Math.round(options.delay)} * interval '1 millisecond'` } : {}),
      })
      .onConflictDoNothing({ target: outboxMessages.dedupeKey })
      .returning({ id: outboxMessages.id });
    if (row) deps.wake?.();
    return { queued: true, channel, externalId, outboxId: row?.id };
  };

  return {
    async send(customerId, message, options = {}) {
      const target = await deliveryTarget(deps.db, customerId, deps.channels);
      if (!target) return { queued: false, reason: 'no_reachable_channel' };
      return write(target.channel, target.externalId, message, { ...options, customerId });
    },
    sendToThread(channel, externalId, message, options = {}) {
      return write(channel, externalId, message, options);
    },
  };
}
