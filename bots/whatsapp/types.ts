import type { MessageMedia, MessageSendOptions } from 'whatsapp-web.js';

/**
 * The part of whatsapp-web.js's `Client` and `Message` this channel uses. The library's own classes
 * satisfy these shapes (checked in client.ts where the real Client is built), and the fake in
 * tests/fakes/whatsapp-client.ts implements them, so every line of the adapter runs in tests.
 */

/** Listener arguments per client event, as documented in whatsapp-web.js's index.d.ts. */
export interface WhatsAppClientEvents {
  qr: [qr: string];
  authenticated: [];
  auth_failure: [message: string];
  ready: [];
  /** reason: a WAState ('CONFLICT', 'UNPAIRED', …) or 'LOGOUT'. */
  disconnected: [reason: string];
  change_state: [state: string];
  message: [message: WhatsAppMessage];
}

export type WhatsAppEventName = keyof WhatsAppClientEvents;

export interface WhatsAppContactId {
  server: string;
  user: string;
  _serialized: string;
}

export interface WhatsAppClient {
  /** Set by the library once ready: the studio's own number and profile name. */
  readonly info?: { wid?: { user: string }; pushname?: string } | undefined;
  on<E extends WhatsAppEventName>(event: E, listener: (...args: WhatsAppClientEvents[E]) => void): unknown;
  removeAllListeners(event?: string): unknown;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  logout(): Promise<void>;
  getState(): Promise<string | null>;
  sendMessage(chatId: string, content: string | MessageMedia, options?: MessageSendOptions): Promise<unknown>;
  /** The WhatsApp id behind a number (digits only, no plus), or null when it has no WhatsApp. */
  getNumberId(number: string): Promise<WhatsAppContactId | null>;
}

export interface WhatsAppMessageId {
  fromMe: boolean;
  remote: string;
  id: string;
  _serialized: string;
}

export interface WhatsAppChatInfo {
  isGroup: boolean;
  name: string;
}

/** An inbound message: types are the library's MessageTypes values ('chat', 'image', 'sticker', 'ptt'…). */
export interface WhatsAppMessage {
  id: WhatsAppMessageId;
  from: string;
  to: string;
  /** In groups: the member who wrote. */
  author?: string | undefined;
  body: string;
  type: string;
  hasMedia: boolean;
  fromMe: boolean;
  isStatus: boolean;
  broadcast: boolean;
  /** Unix seconds. */
  timestamp: number;
  /**
   * The library's raw message: before any download it tells the media's mimetype, size (bytes) and
   * filename, and the sender's profile name (notifyName). Read defensively (bots/whatsapp/inbound.ts).
   */
  rawData?: object;
  /** Resolves undefined when the media is no longer on the phone. */
  downloadMedia(): Promise<MessageMedia | undefined>;
  getChat(): Promise<WhatsAppChatInfo>;
}
