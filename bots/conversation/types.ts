import type { DbOrTx } from '../../db/client.ts';
import type { Channel } from '../../db/schema/index.ts';
import type { Locale } from '../../src/i18n/index.ts';
import type { Logger } from '../../src/logger.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import type { Outbox } from '../../src/messaging/outbox.ts';
import type { ReadCache } from '../../src/settings/cache.ts';
import type { Clock } from '../../src/time.ts';

/**
 * What a customer did, as every channel can express it. Adapters build these from platform updates;
 * the conversation never sees a raw platform object.
 */
export type ChatInput =
  | { type: 'text'; text: string }
  /** A button press: the `id` of a Choice we rendered earlier (maybe long ago). */
  | { type: 'choice'; id: string }
  | {
      type: 'photo';
      /** The image bytes, or a loader called only when the current step wants a photo (downloads cost). */
      bytes?: Uint8Array;
      load?: () => Promise<Uint8Array>;
      /** Declared by the platform; checked before loading. Bytes are still checked by magic number. */
      mime?: string;
      size?: number;
      fileName?: string;
    }
  | {
      type: 'contact';
      phone: string;
      /** True only when the platform vouches the number is the sender's own: it proves the phone. */
      own: boolean;
    }
  | { type: 'command'; name: string; payload?: string }
  | { type: 'unsupported'; kind: 'sticker' | 'voice' | 'audio' | 'document' | 'video' | 'location' | 'other' };

/** The conversation's state for one chat thread, as kept in chat_sessions. */
export interface ChatSession {
  /** 'telegram:123', 'whatsapp:6281…@c.us', 'web:<cookie id>' */
  thread: string;
  channel: Channel;
  /** The platform's id for this chat: thread without the channel prefix. */
  externalId: string;
  customerId: number | null;
  step: string;
  data: SessionData;
  locale: Locale;
  version: number;
}

/** Step-local data. Kept small: ids and short texts, never bytes. */
export interface SessionData {
  /** Choices of the last reply, flattened, so numbered (WhatsApp) or typed answers can be matched. */
  lastChoices?: { id: string; label: string }[];
  [key: string]: unknown;
}

export interface ConversationDeps {
  /** The transaction the adapter holds the chat lock in; every domain call goes through it. */
  db: DbOrTx;
  clock: Clock;
  timeZone: string;
  /** Telegram bot username, for the share link of Ajak Teman (https://t.me/<bot>?start=ref_CODE). */
  botUsername?: string | undefined;
  /** The web chat's public address, for a share link on the web. */
  publicUrl?: string | undefined;
  /** Name the platform shows for this chat (Telegram first name), offered as the default name. */
  displayName?: string | undefined;
  log?: Logger | undefined;
  /**
   * The outbox, bound to the turn's transaction, for what goes to another of the customer's chats (the
   * code proving a typed phone). Without it a typed phone of a customer with a chat elsewhere is refused.
   */
  outbox?: ((db: DbOrTx) => Pick<Outbox, 'send'>) | undefined;
  /**
   * Settings and catalog up to 30 s old for what the chat only shows (the studio's name, packages,
   * dates, slots, add-ons, point rules); without it every step reads them. Booking itself, and the
   * transfer details after it, never use it.
   */
  cache?: ReadCache | undefined;
}

export interface HandleResult {
  session: ChatSession;
  replies: OutboundMessage[];
}
