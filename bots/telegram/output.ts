import { and, eq } from 'drizzle-orm';
import { type Api, GrammyError, InputFile } from 'grammy';
import type {
  InlineKeyboardMarkup,
  Message,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from 'grammy/types';
import type { Db } from '../../db/client.ts';
import { fileChannelRefs, files } from '../../db/schema/index.ts';
import type { ChoiceRows, OutboundMessage } from '../../src/messaging/messages.ts';

/**
 * How an abstract message looks on Telegram, shared by the bot's replies (bots/telegram/render.ts) and
 * the outbox's sender (./sender.ts), so a notification and a reply show the same buttons, split long
 * texts the same way and reuse each other's photo uploads.
 */

/** Telegram's longest message text and photo caption, in characters. */
export const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** Inline buttons for the abstract choices; the choice id travels back as callback data. */
export function inlineKeyboard(rows: ChoiceRows | undefined): InlineKeyboardMarkup | undefined {
  if (!rows || rows.length === 0) return undefined;
  return { inline_keyboard: rows.map((row) => row.map((c) => ({ text: c.label, callback_data: c.id }))) };
}

/** The reply keyboard with the share-contact button, and optionally a button to leave the step. */
export function contactKeyboard(buttonLabel: string, cancelLabel?: string): ReplyKeyboardMarkup {
  return {
    keyboard: [[{ text: buttonLabel, request_contact: true }], ...(cancelLabel ? [[{ text: cancelLabel }]] : [])],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

/** Splits at line breaks where possible, so no part exceeds `max` characters. */
function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  parts.push(rest);
  return parts;
}

type TelegramMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

interface PhotoOptions {
  caption?: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** Telegram no longer knows a file_id (another bot's, or a wiped test server's): upload again. */
function isStaleFileId(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /file identifier|file_id|wrong file/i.test(error.description)
  );
}

/**
 * Sends texts and photos through one Api. A photo from the files table is uploaded once and then sent
 * by the file_id Telegram returned, kept in file_channel_refs for every process and in memory here, so
 * a warm sender sends a known photo without a database round trip.
 *
 * One policy for the file_id, whichever process uploaded it: every file_id this bot got back is
 * valid, so the newest upload replaces the saved one. A file_id Telegram refuses is dropped from
 * memory and the saved one read again: another process may already have uploaded the photo anew,
 * and its file_id is used instead of a third upload. Jobs of one process that need the same photo
 * wait for the upload in progress instead of uploading it again.
 */
export function createTelegramOutput(deps: { api: Api; db: Db }) {
  const { api, db } = deps;
  const refs = new Map<number, string>();
  const uploads = new Map<number, Promise<Message.PhotoMessage | undefined>>();

  const savedRef = async (fileId: number): Promise<string | undefined> => {
    const [row] = await db
      .select({ ref: fileChannelRefs.ref })
      .from(fileChannelRefs)
      .where(and(eq(fileChannelRefs.fileId, fileId), eq(fileChannelRefs.channel, 'telegram')))
      .limit(1);
    if (row) refs.set(fileId, row.ref);
    return row?.ref;
  };

  const upload = async (
    chatId: number | string,
    fileId: number,
    other: PhotoOptions,
  ): Promise<Message.PhotoMessage | undefined> => {
    const [file] = await db
      .select({ data: files.data, name: files.originalName, mime: files.mime })
      .from(files)
      .where(eq(files.id, fileId))
      .limit(1);
    if (!file) return undefined;
    const extension = file.mime === 'image/png' ? 'png' : file.mime === 'image/webp' ? 'webp' : 'jpg';
    const sent = await api.sendPhoto(
      chatId,
      new InputFile(file.data, file.name ?? `foto-${fileId}.${extension}`),
      other,
    );
    const ref = sent.photo.at(-1)?.file_id;
    if (!ref) throw new Error('Telegram answered a photo upload without a photo');
    refs.set(fileId, ref);
    await db
      .insert(fileChannelRefs)
      .values({ fileId, channel: 'telegram', ref })
      .onConflictDoUpdate({ target: [fileChannelRefs.fileId, fileChannelRefs.channel], set: { ref } });
    return sent;
  };

  /** The photo by file_id or uploaded; undefined when the file is no longer in the files table. */
  const sendFile = async (
    chatId: number | string,
    fileId: number,
    other: PhotoOptions,
  ): Promise<Message.PhotoMessage | undefined> => {
    const refused = new Set<string>();
    // At most: the remembered file_id, the saved one, the one another job of this process uploaded.
    for (let pass = 0; pass < 3; pass += 1) {
      await uploads.get(fileId)?.catch(() => undefined);
      const ref = refs.get(fileId) ?? (await savedRef(fileId));
      if (ref && !refused.has(ref)) {
        try {
          return await api.sendPhoto(chatId, ref, other);
        } catch (error) {
          if (!isStaleFileId(error)) throw error;
          refused.add(ref);
          if (refs.get(fileId) === ref) refs.delete(fileId);
          continue;
        }
      }
      // Another job of this process began uploading while this one read: wait for it and send by its file_id.
      if (uploads.has(fileId)) continue;
      const mine = upload(chatId, fileId, other);
      uploads.set(fileId, mine);
      try {
        return await mine;
      } finally {
        if (uploads.get(fileId) === mine) uploads.delete(fileId);
      }
    }
    return upload(chatId, fileId, other);
  };

  /** A text over 4,096 characters goes in parts; the buttons (or keyboard change) come with the last. */
  const sendText = async (
    chatId: number | string,
    text: string,
    markup?: TelegramMarkup,
  ): Promise<Message.TextMessage> => {
    const parts = splitText(text, MAX_TEXT);
    const last = parts.pop() ?? '';
    for (const part of parts) await api.sendMessage(chatId, part);
    return api.sendMessage(chatId, last, markup ? { reply_markup: markup } : {});
  };

  /**
   * The photo with its caption and buttons; a caption over 1,024 characters (a long package
   * description, a campaign text) comes as the photo, then the whole text with the buttons, rather
   * than cut off mid-sentence. Undefined, with nothing sent, when the file is gone.
   */
  const sendPhoto = async (
    chatId: number | string,
    message: Extract<OutboundMessage, { type: 'photo' }>,
  ): Promise<Message | undefined> => {
    const markup = inlineKeyboard(message.choices);
    if (message.caption.length <= MAX_CAPTION) {
      return sendFile(chatId, message.fileId, {
        ...(message.caption ? { caption: message.caption } : {}),
        ...(markup ? { reply_markup: markup } : {}),
      });
    }
    const photo = await sendFile(chatId, message.fileId, {});
    return photo && sendText(chatId, message.caption, markup);
  };

  return { sendText, sendPhoto };
}
