import type { ChatInput } from '../conversation/index.ts';
import { AppError } from '../../src/errors.ts';
import { MAX_IMAGE_BYTES } from '../../src/files/store.ts';
import type { WhatsAppMessage } from './types.ts';

/**
 * A whatsapp-web.js Message as the conversation's input, or undefined for what the studio must not
 * answer: status updates, groups, channels and broadcast lists, our own messages, and WhatsApp's
 * bookkeeping messages (revoked, reactions, call logs, "waiting for this message").
 */
export function isForUs(message: WhatsAppMessage): boolean {
  if (message.fromMe || message.id.fromMe) return false;
  if (message.isStatus || message.broadcast) return false;
  // Only one-to-one chats: @c.us (phone ids) and @lid (privacy ids). Not @g.us, @broadcast, @newsletter.
  return /@(c\.us|lid)$/.test(message.from);
}

const silentTypes = new Set([
  'revoked',
  'reaction',
  'ciphertext',
  'e2e_notification',
  'notification',
  'notification_template',
  'protocol',
  'call_log',
  'gp2',
  'group_notification',
  'broadcast_notification',
  'debug',
]);

/** What WhatsApp tells about attached media before it is downloaded (the library's rawData). */
export interface MediaHints {
  mimetype: string | undefined;
  size: number | undefined;
  filename: string | undefined;
  notifyName: string | undefined;
}

export function mediaHints(message: WhatsAppMessage): MediaHints {
  const raw: Record<string, unknown> = message.rawData && typeof message.rawData === 'object' ? { ...message.rawData } : {};
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  const size = typeof raw.size === 'number' && Number.isFinite(raw.size) ? raw.size : undefined;
  return { mimetype: text(raw.mimetype), size, filename: text(raw.filename), notifyName: text(raw.notifyName) };
}

export function toChatInput(message: WhatsAppMessage): ChatInput | undefined {
  const hints = mediaHints(message);
  switch (message.type) {
    case 'chat':
      return { type: 'text', text: message.body };
    case 'image':
      return photoInput(message, hints);
    case 'document':
      // An image sent "as a file" keeps its full quality: fine for a transfer proof. Anything else is not.
      if (hints.mimetype && !hints.mimetype.startsWith('image/')) return { type: 'unsupported', kind: 'document' };
      return photoInput(message, hints);
    case 'sticker':
      return { type: 'unsupported', kind: 'sticker' };
    case 'ptt':
      return { type: 'unsupported', kind: 'voice' };
    case 'audio':
      return { type: 'unsupported', kind: 'audio' };
    case 'video':
      return { type: 'unsupported', kind: 'video' };
    case 'location':
      return { type: 'unsupported', kind: 'location' };
    default:
      return silentTypes.has(message.type) ? undefined : { type: 'unsupported', kind: 'other' };
  }
}

function photoInput(message: WhatsAppMessage, hints: MediaHints): ChatInput {
  return {
    type: 'photo',
    ...(hints.mimetype ? { mime: hints.mimetype } : {}),
    ...(hints.size !== undefined ? { size: hints.size } : {}),
    ...(hints.filename ? { fileName: hints.filename } : {}),
    // Called by the conversation only when the step wants a photo: downloads go through the phone.
    load: () => downloadImage(message),
  };
}

/** base64 carries 3 bytes in 4 characters; the decoded size is known before decoding. */
const decodedBase64Bytes = (base64: string) =>
  Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);

export async function downloadImage(message: WhatsAppMessage): Promise<Uint8Array> {
  const media = await message.downloadMedia();
  // Gone from the phone (expired or deleted): asking again later is the only way.
  if (!media) throw new AppError('CHANNEL_UNAVAILABLE', 'media no longer available');
  // The larger of the stated size and the payload's: either one over the limit refuses it.
  const size = Math.max(media.filesize ?? 0, decodedBase64Bytes(media.data));
  if (size > MAX_IMAGE_BYTES) {
    throw new AppError('FILE_TOO_LARGE', `whatsapp media of ${size} bytes`);
  }
  if (!media.mimetype.startsWith('image/')) throw new AppError('FILE_NOT_IMAGE', `whatsapp media ${media.mimetype}`);
  return Buffer.from(media.data, 'base64');
}
