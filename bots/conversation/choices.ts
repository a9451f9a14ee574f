import type { Choice, OutboundMessage } from '../../src/messaging/messages.ts';

/**
 * Every button of one turn's replies, in reading order, each id once. Channels without buttons
 * (WhatsApp) number them 1…n continuously across the turn's messages; the conversation keeps the same
 * list in the session so "2" or the button's text comes back as that choice.
 */
export function flattenChoices(replies: readonly OutboundMessage[]): Choice[] {
  const seen = new Set<string>();
  const flat: Choice[] = [];
  for (const reply of replies) {
    if (reply.type === 'askContact' || !reply.choices) continue;
    for (const row of reply.choices) {
      for (const choice of row) {
        if (seen.has(choice.id)) continue;
        seen.add(choice.id);
        flat.push({ id: choice.id, label: choice.label });
      }
    }
  }
  return flat;
}

/** Text as people mean it: case, emoji and punctuation ignored ("✖️ Batal" → "batal"). */
export const comparable = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();

/**
 * The choice a typed answer means: its number ("2", when `numbers` is on) or its label, ignoring case,
 * emoji and punctuation ("batal", "✅ Konfirmasi" → "konfirmasi").
 */
export function matchTypedChoice(
  choices: readonly Choice[] | undefined,
  text: string,
  options: { numbers: boolean },
): Choice | undefined {
  if (!choices || choices.length === 0) return undefined;
  const trimmed = text.trim();
  if (options.numbers && /^\d{1,2}$/.test(trimmed)) {
    const index = Number(trimmed) - 1;
    return choices[index];
  }
  const wanted = comparable(trimmed);
  if (!wanted) return undefined;
  return choices.find((choice) => comparable(choice.label) === wanted);
}
