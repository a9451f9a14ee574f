import type { Context } from 'grammy';
import type { ChatInput } from '../conversation/index.ts';

/** What the conversation needs from one Telegram update; undefined for updates it does not handle. */
export interface TelegramInbound {
  chatId: number;
  input: ChatInput;
  languageCode: string | undefined;
  displayName: string | undefined;
}

/** Telegram's photo sizes come smallest first; the last is the original. */
type PhotoSize = { file_id: string; file_size?: number };

/**
 * Turns an update into a ChatInput. Media that needs downloading becomes a lazy `load`, so the
 * conversation decides whether it wants the bytes (and the declared size is checked before any download).
 */
export function inboundFromContext(
  ctx: Context,
  download: (fileId: string) => Promise<Uint8Array>,
): TelegramInbound | undefined {
  const chat = ctx.chat;
  // Groups and channels are not customers' chats.
  if (chat?.type !== 'private') return undefined;
  const from = ctx.from;
  const base = {
    chatId: chat.id,
    languageCode: from?.language_code,
    displayName: [from?.first_name, from?.last_name].filter(Boolean).join(' ') || undefined,
  };
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) return { ...base, input: { type: 'choice', id: data } };
  const message = ctx.message;
  if (!message) return undefined;
  let input: ChatInput;
  if (message.text !== undefined) {
    input = { type: 'text', text: message.text };
  } else if (message.contact) {
    input = {
      type: 'contact',
      phone: message.contact.phone_number,
      // Only the request_contact button's answer carries the sender's own user_id. A card from the phone
      // book of a number not on Telegram has none, and anyone can type any number into their phone book.
      own: from !== undefined && message.contact.user_id === from.id,
    };
  } else if (message.photo && message.photo.length > 0) {
    const largest = message.photo.at(-1) as PhotoSize;
    input = {
      type: 'photo',
      mime: 'image/jpeg',
      ...(largest.file_size !== undefined ? { size: largest.file_size } : {}),
      load: () => download(largest.file_id),
    };
  } else if (message.document) {
    const doc = message.document;
    // A receipt sent "as a file" is still a photo when it is an image; anything else is not ours to read.
    input = doc.mime_type?.startsWith('image/')
      ? {
          type: 'photo',
          mime: doc.mime_type,
          ...(doc.file_size !== undefined ? { size: doc.file_size } : {}),
          ...(doc.file_name ? { fileName: doc.file_name } : {}),
          load: () => download(doc.file_id),
        }
      : { type: 'unsupported', kind: 'document' };
  } else if (message.sticker || message.animation) {
    input = { type: 'unsupported', kind: 'sticker' };
  } else if (message.voice) {
    input = { type: 'unsupported', kind: 'voice' };
  } else if (message.audio) {
    input = { type: 'unsupported', kind: 'audio' };
  } else if (message.video || message.video_note) {
    input = { type: 'unsupported', kind: 'video' };
  } else if (message.location || message.venue) {
    input = { type: 'unsupported', kind: 'location' };
  } else {
    input = { type: 'unsupported', kind: 'other' };
  }
  return { ...base, input };
}
