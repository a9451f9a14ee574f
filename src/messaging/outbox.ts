import type { DbOrTx } from '../../db/client.ts';
import type { Channel } from '../../db/schema/index.ts';
import { deliveryTarget } from '../customers/identities.ts';
import { parseInput } from '../validation.ts';
import {
  BROADCAST_PRIORITY,
  type DeliveryQueue,
  deliveryJobNames,
  type MessageKind,
  outboundMessageSchema,
} from './delivery.ts';
import type { OutboundMessage } from './messages.ts';

export interface OutboxDeps {
  db: DbOrTx;
  queues: DeliveryQueue;
  /**
   * Channels some process delivers on. A customer's most recent chat on any other channel (WhatsApp
   * while it is disabled, Telegram without a token) is passed over for the next most recent one, so a
   * message never waits in a queue nobody consumes. All channels when omitted.
   */
  channels?: readonly Channel[];
}

export interface SendOptions {
  /** Deterministic id (see jobId()) for a message that must not go twice, e.g. jobId('confirm', id). */
  jobId?: string;
  kind?: MessageKind;
  /** Milliseconds to hold the message back. */
  delay?: number;
}

export type SendResult =
  | { queued: true; channel: Channel; externalId: string; jobId: string | undefined }
  | { queued: false; reason: 'no_reachable_channel' };

export interface Outbox {
  /** Queues a message to the customer's most recently seen reachable chat. Never talks to a platform. */
  send(customerId: number, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
  /** Queues a message to a known chat (a reply in a thread the studio already knows). */
  sendToThread(
    channel: Channel,
    externalId: string,
    message: OutboundMessage,
    options?: SendOptions & { customerId?: number },
  ): Promise<SendResult>;
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const enqueue = async (
    channel: Channel,
    externalId: string,
    message: OutboundMessage,
    options: SendOptions & { customerId?: number | undefined },
  ): Promise<SendResult> => {
    const checked = parseInput(outboundMessageSchema, message);
    const kind = options.kind ?? 'notification';
    const job = await deps.queues.enqueue(
      deliveryJobNames[channel],
      {
        channel,
        externalId,
        ...(options.customerId !== undefined ? { customerId: options.customerId } : {}),
        kind,
        message: checked,
      },
      {
        ...(options.jobId ? { jobId: options.jobId } : {}),
        ...(options.delay ? { delay: options.delay } : {}),
        ...(kind === 'broadcast' ? { priority: BROADCAST_PRIORITY } : {}),
      },
    );
    return { queued: true, channel, externalId, jobId: job.id ?? options.jobId };
  };

  return {
    async send(customerId, message, options = {}) {
      const target = await deliveryTarget(deps.db, customerId, deps.channels);
      if (!target) return { queued: false, reason: 'no_reachable_channel' };
      return enqueue(target.channel, target.externalId, message, { ...options, customerId });
    },
    sendToThread(channel, externalId, message, options = {}) {
      return enqueue(channel, externalId, message, options);
    },
  };
}

