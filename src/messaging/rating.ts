import { ratingButtonId } from './chat-actions.ts';
import type { ChoiceRows } from './messages.ts';

/**
 * Star buttons for a rating request, with ids from ratingButtonId (`rate:<reservationItemId>:<stars>`),
 * which the conversation recognises whatever step the chat is at.
 */
export function ratingChoices(reservationItemId: number): ChoiceRows {
  const stars = [1, 2, 3, 4, 5].map((count) => ({
    id: ratingButtonId(reservationItemId, count),
    label: '⭐'.repeat(count),
  }));
  // Two rows fit a phone: 5-4-3 first, so the happiest answer is the easiest to reach.
  return [stars.slice(2).reverse(), stars.slice(0, 2).reverse()];
}

