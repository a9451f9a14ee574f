import type { OutboundMessage } from '../../../src/messaging/messages.ts';
import { type Ctx, choice, customerIdOf, enter, money, say, shortDate, tr, when } from '../context.ts';
import { listCustomerReservations } from '../domain.ts';
import { bookingButtonId } from '../../../src/messaging/chat-actions.ts';

// "Sudah transfer", "sdh tf kak", "ini bukti tf nya", "udah bayar", "transfer sudah ya", "I have paid".
// A customer telling us they paid wants to hand over the proof, not to read how to pay.
const DONE = '(?:sudah|sdh|sdah|udah|udh|dah|telah|tlh|barusan|baru)';
const FILLER = '(?:saya|sy|aku|ak|ku|gue|gw|kami|kita|ya|yaa|kak|ka|kk|min|juga|jg|tadi|td|nih|ini)';
const PAY = String.raw`(?:di\s?)?(?:transfer|transferan|transfr|trf|tf|bayar|byr|bayarnya|lunas|lunasi|dilunasi|membayar|kirim uang)(?:nya)?`;
const PATTERNS = [
  new RegExp(String.raw`\b${DONE}\s+(?:${FILLER}\s+){0,2}${PAY}\b`),
  new RegExp(
    String.raw`\b(?:transfer|transferan|tf|trf|pembayaran|bayar|pembayarannya|transfernya|tfnya)\s+(?:${FILLER}\s+){0,2}${DONE}\b`,
  ),
  /\bbukti\s*(?:nya\s+)?(?:tf|trf|transfer|transferan|bayar|byr|pembayaran|pelunasan)/,
  /\bini\s+bukti/,
  /\b(?:i|we)(?:'ve|\s+have|\s+just|\s+already)*\s+(?:paid|transferred|made\s+the\s+(?:payment|transfer))\b/,
  /\b(?:already|just)\s+(?:paid|transferred)\b/,
  /\b(?:payment|transfer)\s+(?:is\s+|has\s+been\s+)?(?:done|made|sent|complete|completed)\b/,
  /\b(?:payment|transfer)\s+(?:proof|receipt|slip)\b/,
  /\bproof\s+of\s+(?:payment|transfer)\b/,
];

/** True when the text says the customer has paid or is sending the transfer proof. */
export function saysPaid(text: string): boolean {
  const plain = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return PATTERNS.some((pattern) => pattern.test(plain));
}

/**
 * Free text saying "I paid" from a customer with a booking waiting for payment: show that booking and
 * move to the step that takes its proof photo. Several waiting: the one due first; the others get a
 * button to their detail (which has its own "send proof"). Undefined when this is not about payment.
 */
export async function paymentTalk(ctx: Ctx, text: string): Promise<OutboundMessage[] | undefined> {
  if (!saysPaid(text)) return undefined;
  const waiting = (await listCustomerReservations(ctx.db, customerIdOf(ctx)))
    .filter((r) => r.status === 'pending_payment')
    .sort(
      (a, b) =>
        (a.paymentDeadline?.getTime() ?? Infinity) - (b.paymentDeadline?.getTime() ?? Infinity) ||
        a.id - b.id,
    );
  const [due, ...others] = waiting;
  if (!due) return undefined;
  const lines = [
    `🧾 ${due.code} · ${due.packageName}`,
    `🗓️ ${when(ctx, due.startAt)}`,
    tr(ctx, 'chat.booking.total', { amount: money(due.total) }),
  ];
  if (due.paymentDeadline)
    lines.push(tr(ctx, 'chat.my.payBefore', { deadline: when(ctx, due.paymentDeadline) }));
  const summary = others.length
    ? say(
        `${lines.join('\n')}\n\n${tr(ctx, 'chat.my.pick')}`,
        others.slice(0, 5).map((r) => [choice(bookingButtonId(r.id), `${r.code} · ${shortDate(ctx, r.startAt)}`)]),
      )
    : say(lines.join('\n'));
  return [summary, ...(await enter(ctx, 'my.proof', { reservationId: due.id, code: due.code }))];
}
