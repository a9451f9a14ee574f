import { eq, and } from 'drizzle-orm';
import { type Api, GrammyError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { Db } from '../../db/client.ts';
import { fileChannelRefs, files } from '../../db/schema/index.ts';
import type { ChoiceRows, OutboundMessage } from '../../src/messaging/messages.ts';

function inlineKeyboard(rows: ChoiceRows | undefined): InlineKeyboardMarkup | undefined {
  if (!rows || rows.length === 0) return undefined;
  return { inline_keyboard: rows.map((row) => row.map((c) => ({ text: c.label, callback_data: c.id }))) };
}

/** Telegram's longest message text and photo caption, in characters. */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/**
 * Folds a plain text (no buttons) into the text that follows it: "Oke, dibatalkan." and the menu
 * arrive as one message. Telegram allows about one message per second per chat, so a turn that
 * answers in one message is never slowed down by its own replies.
 */
function mergePlainTexts(replies: readonly OutboundMessage[], keepFirstPlain = false): OutboundMessage[] {
  const merged: OutboundMessage[] = [];
  for (const reply of replies) {
    const previous = merged.at(-1);
    const foldable =
      previous?.type === 'text' &&
      !previous.choices?.length &&
      !(keepFirstPlain && merged.length === 1) &&
      (reply.type === 'text' || reply.type === 'askContact');
    if (foldable && previous.text.length + reply.text.length + 2 <= MAX_TEXT) {
      merged[merged.length - 1] = { ...reply, text: `${previous.text}\n\n${reply.text}` };
    } else {
      merged.push(reply);
    }
  }
  return merged;
}

export interface RenderOptions {
  /** Attach `remove_keyboard` to the first reply without buttons (the contact keyboard is done). */
  removeKeyboard?: boolean;
  /** Text of the extra reply-keyboard button under "share contact", so the phone step can be left. */
  cancelLabel?: string;
}

/**
 * Renders the conversation's replies to one update as Telegram messages: inline keyboards for choices,
 * a reply keyboard with request_contact for askContact, and photos uploaded once per file then sent
 * by file_id. What the studio sends on its own goes through the outbox's sender (workers/senders).
 */
export function createTelegramRenderer(deps: { api: Api; db: Db }) {
  const { api, db } = deps;

  async function cachedRef(fileId: number): Promise<string | undefined> {
    const [row] = await db
      .select({ ref: fileChannelRefs.ref })
      .from(fileChannelRefs)
      .where(and(eq(fileChannelRefs.fileId, fileId), eq(fileChannelRefs.channel, 'telegram')))
      .limit(1);
    return row?.ref;
  }

  async function remember(fileId: number, message: Message.PhotoMessage): Promise<void> {
    const ref = message.photo.at(-1)?.file_id;
    if (!ref) return;
    await db
      .insert(fileChannelRefs)
      .values({ fileId, channel: 'telegram', ref })
      .onConflictDoUpdate({ target: [fileChannelRefs.fileId, fileChannelRefs.channel], set: { ref } });
  }

  async function sendPhoto(chatId: number | string, reply: Extract<OutboundMessage, { type: 'photo' }>) {
    const markup = inlineKeyboard(reply.choices);
    if (reply.caption.length > MAX_CAPTION) {
      // A package with a long description: the photo, then the whole text with its buttons (as the
      // outbox's sender does), rather than a caption cut off mid-sentence.
      await sendPhoto(chatId, { type: 'photo', fileId: reply.fileId, caption: '' });
      return api.sendMessage(chatId, reply.caption.slice(0, MAX_TEXT), markup ? { reply_markup: markup } : {});
    }
    const other = { ...(reply.caption ? { caption: reply.caption } : {}), ...(markup ? { reply_markup: markup } : {}) };
    const ref = await cachedRef(reply.fileId);
    if (ref) {
      try {
        return await api.sendPhoto(chatId, ref, other);
      } catch (error) {
        // A file_id from another bot or a wiped test server: upload again and keep the new one.
        if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
      }
    }
    const [file] = await db
      .select({ data: files.data, mime: files.mime })
      .from(files)
      .where(eq(files.id, reply.fileId))
      .limit(1);
    if (!file) {
      return api.sendMessage(chatId, reply.caption, markup ? { reply_markup: markup } : {});
    }
    const extension = file.mime === 'image/png' ? 'png' : file.mime === 'image/webp' ? 'webp' : 'jpg';
    const sent = await api.sendPhoto(
      chatId,
      new InputFile(file.data, `foto-${reply.fileId}.${extension}`),
      other,
    );
    await remember(reply.fileId, sent);
    return sent;
  }

  async function sendOne(
    chatId: number | string,
    reply: OutboundMessage,
    extra: { removeKeyboard: boolean; cancelLabel?: string | undefined },
  ) {
    switch (reply.type) {
      case 'text': {
        const markup: InlineKeyboardMarkup | ReplyKeyboardRemove | undefined =
          inlineKeyboard(reply.choices) ?? (extra.removeKeyboard ? { remove_keyboard: true } : undefined);
        return api.sendMessage(chatId, reply.text, markup ? { reply_markup: markup } : {});
      }
      case 'photo':
        return sendPhoto(chatId, reply);
      case 'askContact': {
        const keyboard: ReplyKeyboardMarkup = {
          keyboard: [
            [{ text: reply.buttonLabel, request_contact: true }],
            ...(extra.cancelLabel ? [[{ text: extra.cancelLabel }]] : []),
          ],
          resize_keyboard: true,
          one_time_keyboard: true,
        };
        return api.sendMessage(chatId, reply.text, { reply_markup: keyboard });
      }
    }
  }

  return {
    /** Sends replies in order (Telegram shows them in the order they arrive). */
    async send(chatId: number | string, replies: readonly OutboundMessage[], options: RenderOptions = {}) {
      let removeKeyboard = options.removeKeyboard ?? false;
      // The contact keyboard can only be removed by a message without inline buttons: keep that one apart.
      for (const reply of mergePlainTexts(replies, removeKeyboard)) {
        const plain = reply.type === 'text' && !reply.choices?.length;
        await sendOne(chatId, reply, {
          removeKeyboard: removeKeyboard && plain,
          cancelLabel: options.cancelLabel,
        });
        if (plain) removeKeyboard = false;
      }
    },
  };
}

