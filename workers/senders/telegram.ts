import { and, eq } from 'drizzle-orm';
import { Api, GrammyError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import type { Db } from '../../db/client.ts';
import { fileChannelRefs, files } from '../../db/schema/index.ts';
import {
  type ChannelSender,
  DeliveryRateLimitedError,
  DeliveryRejectedError,
  RecipientBlockedError,
} from '../../src/messaging/delivery.ts';
import type { ChoiceRows, OutboundMessage } from '../../src/messaging/messages.ts';

/** Telegram's limits, in characters. */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

export interface TelegramSenderOptions {
  db: Db;
  token: string;
  /** TELEGRAM_API_ROOT; the tests' emulator in tests. */
  apiRoot: string;
  /** Seconds before an API call is abandoned (and retried by the queue). */
  timeoutSeconds?: number;
}

/** Inline buttons for the abstract choices; the choice id travels back as callback data. */
export function inlineKeyboard(choices: ChoiceRows | undefined): InlineKeyboardMarkup | undefined {
  if (!choices || choices.length === 0) return undefined;
  return { inline_keyboard: choices.map((row) => row.map((c) => ({ text: c.label, callback_data: c.id }))) };
}

function contactKeyboard(buttonLabel: string): ReplyKeyboardMarkup {
  return {
    keyboard: [[{ text: buttonLabel, request_contact: true }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

/**
 * Delivers outbox messages through the Bot API. A photo from our files table is uploaded once; the
 * file_id Telegram returns is kept in file_channel_refs and reused, and concurrent jobs in this process
 * wait for the one upload in progress instead of uploading the same image again.
 */
export function createTelegramSender(options: TelegramSenderOptions): ChannelSender {
  const api = new Api(options.token, {
    apiRoot: options.apiRoot,
    timeoutSeconds: options.timeoutSeconds ?? 30,
  });
  const refs = new Map<number, string>();
  const uploads = new Map<number, Promise<number>>();

  const knownRef = async (fileId: number): Promise<string | undefined> => {
    const cached = refs.get(fileId);
    if (cached) return cached;
    const [row] = await options.db
      .select({ ref: fileChannelRefs.ref })
      .from(fileChannelRefs)
      .where(and(eq(fileChannelRefs.fileId, fileId), eq(fileChannelRefs.channel, 'telegram')));
    if (row) refs.set(fileId, row.ref);
    return row?.ref;
  };

  const forgetRef = async (fileId: number) => {
    refs.delete(fileId);
    await options.db
      .delete(fileChannelRefs)
      .where(and(eq(fileChannelRefs.fileId, fileId), eq(fileChannelRefs.channel, 'telegram')));
  };

  const upload = async (chatId: string, fileId: number, other: PhotoOptions): Promise<number> => {
    const [file] = await options.db
      .select({ data: files.data, name: files.originalName, mime: files.mime })
      .from(files)
      .where(eq(files.id, fileId));
    if (!file) throw new DeliveryRejectedError(`file ${fileId} does not exist`);
    const message = await api.sendPhoto(
      chatId,
      new InputFile(file.data, file.name ?? `photo-${fileId}.jpg`),
      other,
    );
    const ref = message.photo.at(-1)?.file_id;
    if (!ref) throw new Error('Telegram answered a photo upload without a photo');
    await options.db
      .insert(fileChannelRefs)
      .values({ fileId, channel: 'telegram', ref })
      .onConflictDoNothing();
    refs.set(fileId, ref);
    return message.message_id;
  };

  const sendPhoto = async (chatId: string, fileId: number, other: PhotoOptions): Promise<number> => {
    // Each pass either sends by a known file_id, waits for another job's upload, or uploads itself.
    for (let pass = 0; ; pass += 1) {
      const ref = await knownRef(fileId);
      if (ref) {
        try {
          return (await api.sendPhoto(chatId, ref, other)).message_id;
        } catch (error) {
          if (!isStaleFileId(error) || pass > 0) throw error;
          await forgetRef(fileId);
          continue;
        }
      }
      const inProgress = uploads.get(fileId);
      if (inProgress && pass < 5) {
        await inProgress.catch(() => undefined);
        continue;
      }
      const mine = upload(chatId, fileId, other);
      uploads.set(fileId, mine);
      try {
        return await mine;
      } finally {
        if (uploads.get(fileId) === mine) uploads.delete(fileId);
      }
    }
  };

  const deliver = async (chatId: string, message: OutboundMessage): Promise<number> => {
    switch (message.type) {
      case 'text':
        return sendText(chatId, message.text, inlineKeyboard(message.choices));
      case 'askContact':
        return (
          await api.sendMessage(chatId, message.text, { reply_markup: contactKeyboard(message.buttonLabel) })
        ).message_id;
      case 'photo': {
        const markup = inlineKeyboard(message.choices);
        if (message.caption.length <= MAX_CAPTION) {
          return sendPhoto(chatId, message.fileId, {
            caption: message.caption,
            ...(markup ? { reply_markup: markup } : {}),
          });
        }
        // A long campaign text under an image: the image first, then the whole text with the buttons.
        await sendPhoto(chatId, message.fileId, {});
        return sendText(chatId, message.caption, markup);
      }
    }
  };

  const sendText = async (chatId: string, text: string, markup: InlineKeyboardMarkup | undefined) => {
    const parts = splitText(text, MAX_TEXT);
    let last = 0;
    for (const [index, part] of parts.entries()) {
      const isLast = index === parts.length - 1;
      last = (await api.sendMessage(chatId, part, isLast && markup ? { reply_markup: markup } : {}))
        .message_id;
    }
    return last;
  };

  return {
    channel: 'telegram',
    async deliver(target, message) {
      try {
        const messageId = await deliver(target.externalId, message);
        return messageId ? { messageRef: String(messageId) } : {};
      } catch (error) {
        throw translateTelegramError(error);
      }
    },
  };
}

interface PhotoOptions {
  caption?: string;
  reply_markup?: InlineKeyboardMarkup;
}

function isStaleFileId(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /file identifier|file_id|wrong file/i.test(error.description)
  );
}

/** Maps Bot API answers onto the outbound worker's error classes. */
function translateTelegramError(error: unknown): unknown {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return new DeliveryRateLimitedError(seconds * 1000, error.description);
    }
    if (error.error_code === 403) return new RecipientBlockedError(error.description);
    if (
      error.error_code === 400 &&
      /chat not found|user not found|user is deactivated/i.test(error.description)
    ) {
      return new RecipientBlockedError(error.description);
    }
    if (error.error_code >= 400 && error.error_code < 500)
      return new DeliveryRejectedError(error.description);
  }
  // A 5xx or a network error (grammY's HttpError): the queue retries it with backoff.
  return error;
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
