/**
 * Abstract messages, the one vocabulary between the conversation, the outbox and every channel.
 * Channels render them in their medium: inline keyboards on Telegram, numbered lists on WhatsApp,
 * buttons on the web chat page.
 */

/** A button. `id` travels back as the choice (Telegram callback data: at most 64 bytes). */
export interface Choice {
  id: string;
  label: string;
}

/** Rows of buttons, top to bottom. */
export type ChoiceRows = Choice[][];

export type OutboundMessage =
  | { type: 'text'; text: string; choices?: ChoiceRows }
  /** `fileId` is a row of our files table; channels upload it once and reuse their own reference. */
  | { type: 'photo'; fileId: number; caption: string; choices?: ChoiceRows }
  /** Ask the customer to share their phone number (Telegram's contact button; typed elsewhere). */
  | { type: 'askContact'; text: string; buttonLabel: string };

/** The longest Telegram callback data, in bytes. */
export const MAX_CHOICE_ID_BYTES = 64;

/** A text message; an empty list of button rows is left out, so no face renders an empty keyboard. */
export function textMessage(text: string, choices?: ChoiceRows): OutboundMessage {
  return choices && choices.length > 0 ? { type: 'text', text, choices } : { type: 'text', text };
}
