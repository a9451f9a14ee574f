import type { ChoiceRows } from './messages.ts';

/**
 * Star buttons for a rating request. The choice id is `rate:<reservationItemId>:<stars>`, which the
 * conversation recognises with parseRatingChoice() whatever step the chat is at.
 */
export function ratingChoices(reservationItemId: number): ChoiceRows {
  const stars = [1, 2, 3, 4, 5].map((count) => ({
    id: `rate:${reservationItemId}:${count}`,
    label: '⭐'.repeat(count),
  }));
  // Two rows fit a phone: 5-4-3 first, so the happiest answer is the easiest to reach.
  return [stars.slice(2).reverse(), stars.slice(0, 2).reverse()];
}

export function parseRatingChoice(id: string): { reservationItemId: number; stars: number } | undefined {
  const match = /^rate:(\d+):([1-5])$/.exec(id);
  if (!match) return undefined;
  return { reservationItemId: Number(match[1]), stars: Number(match[2]) };
}
