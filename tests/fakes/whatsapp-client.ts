import { EventEmitter } from 'node:events';
import wwebjs, { type MessageMedia as MessageMediaType, type MessageSendOptions } from 'whatsapp-web.js';
import type {
  WhatsAppChatInfo,
  WhatsAppClient,
  WhatsAppClientEvents,
  WhatsAppContactId,
  WhatsAppEventName,
  WhatsAppMessage,
} from '../../bots/whatsapp/types.ts';

/**
 * A stand-in for whatsapp-web.js's `Client` with the library's own event and method surface
 * (index.d.ts of whatsapp-web.js 1.34): events qr, authenticated, auth_failure, ready, disconnected,
 * change_state, message; methods initialize, destroy, logout, getState, sendMessage (text, or the
 * library's real MessageMedia with a caption), getNumberId, info. Tests drive it with emitQr,
 * emitReady, emitDisconnected, receive(...), and read what the product sent in `sent`.
 */

const { MessageMedia } = wwebjs;

export interface SentMessage {
  chatId: string;
  /** The text, or the caption of a media message. */
  text: string;
  media?: { mimetype: string; data: string; filename: string | null | undefined };
  options: MessageSendOptions | undefined;
}

export interface IncomingMessageInput {
  from: string;
  body?: string;
  type?: string;
  fromMe?: boolean;
  isStatus?: boolean;
  author?: string;
  notifyName?: string;
  /** Attached media; `downloadMedia()` resolves it (undefined: the media is gone from the phone). */
  media?: {
    mimetype: string;
    data: Uint8Array | string;
    filename?: string | null;
    filesize?: number | null;
  } | null;
}

/** The client's own number in tests: the studio's WhatsApp. */
const FAKE_STUDIO_WID = '6281100000000@c.us';

let messageCounter = 0;

export class FakeWhatsAppClient extends EventEmitter implements WhatsAppClient {
  /** Like the library: set once ready. */
  info: { wid: WhatsAppContactId; pushname: string; platform: string } | undefined;
  readonly sent: SentMessage[] = [];
  initializeCalls = 0;
  destroyed = false;
  loggedOut = false;
  private state: string | null = null;
  private initializeMode: 'resolve' | 'hang' | Error = 'resolve';
  private failures: (Error | 'hang')[] = [];
  private readonly unregistered = new Set<string>();
  /** Called for every sendMessage, so a test can watch the order and spacing of sends. */
  onSend: ((message: SentMessage) => void) | undefined;

  override on<E extends WhatsAppEventName>(
    event: E,
    listener: (...args: WhatsAppClientEvents[E]) => void,
  ): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  /** The next initialize() never settles, like a page.goto on a network that swallows packets. */
  hangInitialize(): void {
    this.initializeMode = 'hang';
  }

  /** The next initialize() rejects, like Chromium failing to start or net::ERR_NAME_NOT_RESOLVED. */
  failInitialize(error: Error): void {
    this.initializeMode = error;
  }

  async initialize(): Promise<void> {
    this.initializeCalls += 1;
    const mode = this.initializeMode;
    this.initializeMode = 'resolve';
    if (mode === 'hang') return new Promise<void>(() => {});
    if (mode instanceof Error) throw mode;
    this.state = 'OPENING';
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.state = null;
    this.info = undefined;
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
    await this.destroy();
  }

  async getState(): Promise<string | null> {
    return this.state;
  }

  async getNumberId(number: string): Promise<WhatsAppContactId | null> {
    const user = number.replace(/\D/g, '');
    if (this.unregistered.has(user)) return null;
    return { server: 'c.us', user, _serialized: `${user}@c.us` };
  }

  /** A number (digits, with or without '+') that has no WhatsApp account. */
  markUnregistered(number: string): void {
    this.unregistered.add(number.replace(/\D/g, ''));
  }

  /** The next sendMessage rejects with this error (the library throws plain Errors from the page). */
  failNextSend(error: Error): void {
    this.failures.push(error);
  }

  /** The next sendMessage never settles, like an evaluate() on a page that stopped answering. */
  hangNextSend(): void {
    this.failures.push('hang');
  }

  async sendMessage(
    chatId: string,
    content: string | MessageMediaType,
    options?: MessageSendOptions,
  ): Promise<unknown> {
    if (this.state !== 'CONNECTED') {
      // What the library does when the page is gone: it evaluates on a null page.
      throw new TypeError("Cannot read properties of null (reading 'evaluate')");
    }
    const failure = this.failures.shift();
    if (failure === 'hang') return new Promise<unknown>(() => {});
    if (failure) throw failure;
    const message: SentMessage =
      typeof content === 'string'
        ? { chatId, text: content, options }
        : {
            chatId,
            text: options?.caption ?? '',
            media: { mimetype: content.mimetype, data: content.data, filename: content.filename },
            options,
          };
    this.sent.push(message);
    this.onSend?.(message);
    return { id: { _serialized: `true_${chatId}_${++messageCounter}`, fromMe: true, remote: chatId } };
  }

  emitQr(qr = `2@fake-qr-${++messageCounter},key,secret`): string {
    this.emit('qr', qr);
    return qr;
  }

  emitAuthenticated(): void {
    this.emit('authenticated');
  }

  emitAuthFailure(message = 'restore session failed'): void {
    this.emit('auth_failure', message);
  }

  emitReady(): void {
    this.state = 'CONNECTED';
    this.info = {
      wid: { server: 'c.us', user: FAKE_STUDIO_WID.split('@')[0]!, _serialized: FAKE_STUDIO_WID },
      pushname: 'Potret Studio',
      platform: 'android',
    };
    this.emit('change_state', 'CONNECTED');
    this.emit('ready');
  }

  /** A WAState change (CONNECTED, TIMEOUT, CONFLICT…); only CONNECTED lets messages through. */
  emitChangeState(state: string): void {
    this.state = state;
    this.emit('change_state', state);
  }

  emitDisconnected(reason = 'UNPAIRED'): void {
    this.state = null;
    this.info = undefined;
    this.emit('disconnected', reason);
  }

  /** Delivers an inbound message as the library would, and returns it. */
  receive(input: IncomingMessageInput): WhatsAppMessage {
    const message = fakeMessage(input);
    this.emit('message', message);
    return message;
  }

  /** Texts (and captions) sent to one chat, in order. */
  textsTo(chatId: string): string[] {
    return this.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  }
}

/** A Message object shaped like the library's, for the given input. */
export function fakeMessage(input: IncomingMessageInput): WhatsAppMessage {
  const id = `FAKE${++messageCounter}`;
  const fromMe = input.fromMe ?? false;
  const isGroup = input.from.endsWith('@g.us');
  const isStatus = input.isStatus ?? input.from === 'status@broadcast';
  const media = input.media;
  const type = input.type ?? (media ? mediaType(media.mimetype) : 'chat');
  return {
    id: { fromMe, remote: input.from, id, _serialized: `${fromMe}_${input.from}_${id}` },
    from: input.from,
    to: FAKE_STUDIO_WID,
    author: isGroup ? (input.author ?? '6281299999999@c.us') : undefined,
    body: input.body ?? '',
    type,
    hasMedia: Boolean(media) || media === null,
    fromMe,
    isStatus,
    broadcast: isStatus,
    timestamp: Math.floor(Date.now() / 1000),
    rawData: {
      notifyName: input.notifyName,
      ...(media
        ? {
            mimetype: media.mimetype,
            size: media.filesize ?? (typeof media.data === 'string' ? undefined : media.data.byteLength),
            filename: media.filename ?? undefined,
          }
        : {}),
    },
    downloadMedia: async () => {
      if (!media) return undefined;
      const data = typeof media.data === 'string' ? media.data : Buffer.from(media.data).toString('base64');
      return new MessageMedia(media.mimetype, data, media.filename ?? null, media.filesize ?? null);
    },
    getChat: async (): Promise<WhatsAppChatInfo> => ({ isGroup, name: isGroup ? 'Grup Keluarga' : 'Chat' }),
  };
}

function mediaType(mimetype: string): string {
  if (mimetype.startsWith('image/')) return 'image';
  if (mimetype.startsWith('video/')) return 'video';
  if (mimetype.startsWith('audio/ogg')) return 'ptt';
  if (mimetype.startsWith('audio/')) return 'audio';
  return 'document';
}
