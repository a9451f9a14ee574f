/**
 * Button ids that studio messages (sent through the outbox) and the conversation both know. The
 * conversation answers these from any step (bots/conversation/README.md), so a button under a
 * confirmation, reminder or staff reply still works days later. Changing a format strands the buttons
 * already sent: a new format takes a new prefix. Each id stays within 64 bytes (MAX_CHOICE_ID_BYTES).
 */

/** Back to the main menu. */
export const MENU_BUTTON_ID = 'menu';
/** Start a new booking (the menu's "Reservasi"). */
export const NEW_BOOKING_BUTTON_ID = 'm:bk';

/** `my:r:<reservationId>`: that booking's detail in "Reservasi Saya". */
export const BOOKING_BUTTON_PREFIX = 'my:r:';
/** `kel:t:<complaintId>`: the reply box of one complaint thread. */
export const COMPLAINT_REPLY_BUTTON_PREFIX = 'kel:t:';
/** `rate:<reservationItemId>:<stars>`: a star rating for one booked package. */
export const RATING_BUTTON_PREFIX = 'rate:';

export const bookingButtonId = (reservationId: number) => `${BOOKING_BUTTON_PREFIX}${reservationId}`;

export const complaintReplyButtonId = (complaintId: number) =>
  `${COMPLAINT_REPLY_BUTTON_PREFIX}${complaintId}`;

export const ratingButtonId = (reservationItemId: number, stars: number) =>
  `${RATING_BUTTON_PREFIX}${reservationItemId}:${stars}`;

// At most 9 digits, as the conversation's idAfter reads ids: a longer one is a forged or foreign button.
const ratingPattern = new RegExp(`^${RATING_BUTTON_PREFIX}(\\d{1,9}):([1-5])$`);

/** The item and stars of a rating button, or undefined for any other id (or stars outside 1–5). */
export function parseRatingButtonId(id: string): { reservationItemId: number; stars: number } | undefined {
  const match = ratingPattern.exec(id);
  if (!match) return undefined;
  return { reservationItemId: Number(match[1]), stars: Number(match[2]) };
}
