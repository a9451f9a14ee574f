import { type Locale, t } from '../../src/i18n/index.ts';
import type { Choice, OutboundMessage } from '../../src/messaging/messages.ts';

/**
 * OutboundMessages in WhatsApp's medium, which has no buttons: choices become one numbered list per
 * turn, numbered 1…n across the turn's messages in the order the conversation flattens them
 * (bots/conversation/choices.ts flattenChoices), so "2" means the same choice to the customer and to
 * the conversation. The "Balas 1–n" hint closes the last message that carries choices.
 */
export type WhatsAppSend = { kind: 'text'; text: string } | { kind: 'photo'; fileId: number; caption: string };

/**
 * WhatsApp shows long captions folded behind "Read more" and clients cut them at ~1,024 characters, so
 * a longer caption goes as the photo with its own text, then the list as a message of its own.
 */
export const MAX_CAPTION_CHARS = 1_024;

export interface RenderOptions {
  locale: Locale;
}

export function renderReplies(replies: readonly OutboundMessage[], options: RenderOptions): WhatsAppSend[] {
  const numbers = new Map<string, number>();
  let last = 0;
  let lastWithChoices = -1;
  const bodies: { send: WhatsAppSend; list: string[] }[] = [];
  for (const reply of replies) {
    if (reply.type === 'askContact') {
      // No contact button here: the text already asks to type the number. (When the WhatsApp id gives
      // the phone, the adapter answers the question itself and this is never shown.)
      bodies.push({ send: { kind: 'text', text: reply.text }, list: [] });
      continue;
    }
    const list: string[] = [];
    for (const row of reply.choices ?? []) {
      for (const choice of row) {
        if (numbers.has(choice.id)) continue;
        last += 1;
        numbers.set(choice.id, last);
        list.push(`${last}. ${choice.label}`);
      }
    }
    if (list.length > 0) lastWithChoices = bodies.length;
    bodies.push({
      send: reply.type === 'photo' ? { kind: 'photo', fileId: reply.fileId, caption: reply.caption } : { kind: 'text', text: reply.text },
      list,
    });
  }
  const sends: WhatsAppSend[] = [];
  bodies.forEach(({ send, list }, index) => {
    const hint = index === lastWithChoices ? [replyHint(options.locale, last)] : [];
    const tail = list.length > 0 ? `${list.join('\n')}${hint.length ? `\n\n${hint[0]}` : ''}` : '';
    if (send.kind === 'text') {
      sends.push({ kind: 'text', text: join(send.text, tail) });
      return;
    }
    const caption = join(send.caption, tail);
    if (caption.length <= MAX_CAPTION_CHARS) {
      sends.push({ ...send, caption });
    } else {
      sends.push(send);
      if (tail) sends.push({ kind: 'text', text: tail });
    }
  });
  return sends;
}

/** The list again, after a number that is not on it. */
export function renderChoiceList(choices: readonly Choice[], locale: Locale, lead: string): Extract<WhatsAppSend, { kind: 'text' }> {
  const lines = choices.map((choice, index) => `${index + 1}. ${choice.label}`);
  return { kind: 'text', text: `${lead}\n\n${lines.join('\n')}\n\n${replyHint(locale, choices.length)}` };
}

function replyHint(locale: Locale, count: number): string {
  return count === 1
    ? t(locale, 'whatsapp.replyHintOne')
    : t(locale, 'whatsapp.replyHint', { first: 1, last: count });
}

const join = (text: string, tail: string) => (tail ? (text ? `${text}\n\n${tail}` : tail) : text);
