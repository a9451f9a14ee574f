import type { Api } from 'grammy';
import type { InlineKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { Db } from '../../db/client.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import {
  contactKeyboard,
  createTelegramOutput,
  inlineKeyboard,
  MAX_TEXT,
} from './output.ts';

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
 * a reply keyboard with request_contact for askContact, texts over 4,096 characters in parts, and
 * photos uploaded once per file then sent by file_id. What the studio sends on its own goes through
 * the outbox's sender; both draw on ./output.ts, so they share file_ids.
 */
export function createTelegramRenderer(deps: { api: Api; db: Db }) {
  const { api } = deps;
  const output = createTelegramOutput(deps);

  async function sendOne(
    chatId: number | string,
    reply: OutboundMessage,
    extra: { removeKeyboard: boolean; cancelLabel?: string | undefined },
  ) {
    switch (reply.type) {
      case 'text': {
        const markup: InlineKeyboardMarkup | ReplyKeyboardRemove | undefined =
          inlineKeyboard(reply.choices) ?? (extra.removeKeyboard ? { remove_keyboard: true } : undefined);
        return output.sendText(chatId, reply.text, markup);
      }
      case 'photo':
        // A photo gone from the files table: the card's text and buttons still answer the customer.
        return (
          (await output.sendPhoto(chatId, reply)) ??
          output.sendText(chatId, reply.caption, inlineKeyboard(reply.choices))
        );
      case 'askContact':
        return api.sendMessage(chatId, reply.text, {
          reply_markup: contactKeyboard(reply.buttonLabel, extra.cancelLabel),
        });
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

