import { z } from 'zod';
import { type Channel, channelValues } from '../../db/schema/index.ts';
import { MAX_CHOICE_ID_BYTES, type OutboundMessage } from './messages.ts';

/**
 * The contract between the outbox (rows in Postgres, handed to BullMQ by the relay) and the channel
 * senders (which deliver). Nothing here knows a channel library: each channel's sender lives with its
 * channel under bots/, and all implement `ChannelSender`.
 */

const choiceSchema = z.object({
  id: z
    .string()
    .min(1)
    .refine((id) => Buffer.byteLength(id) <= MAX_CHOICE_ID_BYTES, `at most ${MAX_CHOICE_ID_BYTES} bytes`),
  label: z.string().min(1),
});
const choiceRowsSchema = z.array(z.array(choiceSchema));

export const outboundMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1), choices: choiceRowsSchema.optional() }),
  z.object({
    type: z.literal('photo'),
    fileId: z.number().int().positive(),
    caption: z.string(),
    choices: choiceRowsSchema.optional(),
  }),
  z.object({ type: z.literal('askContact'), text: z.string().min(1), buttonLabel: z.string().min(1) }),
]) satisfies z.ZodType<OutboundMessage>;

/** Why a message goes out; logged, and used to order work (broadcasts yield to everything else). */
export const messageKinds = ['notification', 'reply', 'reminder', 'rating', 'broadcast'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** One message to one chat, as it sits in an outbound queue. */
export const deliveryJobSchema = z.object({
  channel: z.enum(channelValues),
  /** Telegram chat id, WhatsApp id (6281…@c.us) or the web chat's cookie id. */
  externalId: z.string().min(1),
  customerId: z.number().int().positive().optional(),
  kind: z.enum(messageKinds).default('notification'),
  message: outboundMessageSchema,
  /** Set for an outbox row's message: the sender checks and records that row. */
  outboxId: z.number().int().positive().optional(),
  /** Set for a campaign's message: the sender checks and records the recipient row. */
  broadcast: z
    .object({ broadcastId: z.number().int().positive(), customerId: z.number().int().positive() })
    .optional(),
});
export type DeliveryJob = z.output<typeof deliveryJobSchema>;
export type DeliveryJobInput = z.input<typeof deliveryJobSchema>;

/** The job (and queue) per channel. */
export const deliveryJobNames = {
  telegram: 'outbound.telegram',
  whatsapp: 'outbound.whatsapp',
  web: 'outbound.web',
} as const satisfies Record<Channel, string>;
export type DeliveryJobName = (typeof deliveryJobNames)[Channel];

export interface EnqueueOptions {
  /** The job's id: an outbox row's or a recipient row's uuid, so the same row is never queued twice. */
  jobId?: string;
  /** Milliseconds to wait before the job may run. */
  delay?: number;
  /** BullMQ priority: 1 is the most urgent; jobs without one go first of all. */
  priority?: number;
  /**
   * Drop the job as soon as it completes, for work whose dedupe lives in the database (campaign sends
   * check their recipient row): keeping tens of thousands of finished jobs costs Redis work per job.
   */
  removeOnComplete?: boolean;
}

/** Campaign messages queue behind everything else on a channel: a confirmation never waits for a campaign. */
export const BROADCAST_PRIORITY = 10;

export interface DeliveryTargetRef {
  externalId: string;
  customerId?: number | undefined;
}

/** What a sender gives back: the platform's message id, when it has one. */
export interface DeliveryReceipt {
  messageRef?: string;
}

/** One channel's way of putting a message in front of a customer. */
export interface ChannelSender {
  readonly channel: Channel;
  deliver(target: DeliveryTargetRef, message: OutboundMessage): Promise<DeliveryReceipt>;
}

/**
 * Errors a sender throws, so the outbound worker reacts the same on every channel. Anything else
 * thrown counts as transient (network, 5xx): retried with exponential backoff.
 */
export class RecipientBlockedError extends Error {
  constructor(message = 'the recipient blocked the studio or no longer exists') {
    super(message);
    this.name = 'RecipientBlockedError';
  }
}

/** The platform asked us to slow down; the whole queue waits `retryAfterMs`. */
export class DeliveryRateLimitedError extends Error {
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited for ${retryAfterMs} ms`,
  ) {
    super(message);
    this.name = 'DeliveryRateLimitedError';
  }
}

/** The platform refused this message for good (bad request): retrying cannot help. */
export class DeliveryRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryRejectedError';
  }
}

/**
 * The longest text each channel takes, in characters. Telegram splits a long text into 4,096-character
 * parts; past ten parts a message is a mistake, not a notice. WhatsApp takes 65,536; the web chat keeps
 * what its page can show.
 */
export const MAX_TEXT_LENGTH: Record<Channel, number> = { telegram: 40_960, whatsapp: 65_536, web: 20_000 };

/** Why a message cannot go on a channel, or undefined when it can: the outbox row then fails with this. */
export function whyUndeliverable(
  channel: string,
  message: OutboundMessage,
  servedChannels?: readonly Channel[],
): string | undefined {
  if (!(channelValues as readonly string[]).includes(channel)) return `unknown channel ${channel}`;
  const known = channel as Channel;
  if (servedChannels && !servedChannels.includes(known)) return `no process sends on ${known}`;
  const text = message.type === 'photo' ? message.caption : message.text;
  if (text.length > MAX_TEXT_LENGTH[known])
    return `too long for ${known}: ${text.length} characters (at most ${MAX_TEXT_LENGTH[known]})`;
  return undefined;
}
