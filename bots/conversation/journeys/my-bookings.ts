import { AppError } from '../../../src/errors.ts';
import { formatNumber } from '../../../src/i18n/index.ts';
import { BOOKING_BUTTON_PREFIX, bookingButtonId, NEW_BOOKING_BUTTON_ID } from '../../../src/messaging/chat-actions.ts';
import type { Reservation } from '../../../src/reservations/types.ts';
import {
  type Ctx,
  choice,
  customerIdOf,
  enter,
  idAfter,
  menuRow,
  money,
  num,
  say,
  shortDate,
  tr,
  when,
} from '../context.ts';
import { cancelReservation, getReservationDetail, listCustomerReservations } from '../domain.ts';
import type { GlobalChoice, StepTable } from '../step.ts';
import { takeProof } from './proof.ts';

const statusText = (ctx: Ctx, status: Reservation['status']) => tr(ctx, `common.status.${status}`);
const payable = (status: Reservation['status']) => status === 'pending_payment' || status === 'awaiting_confirmation';
const cancellable = (status: Reservation['status']) => payable(status) || status === 'confirmed';

/** The customer's own booking, or RESERVATION_NOT_FOUND (someone else's reads as missing). */
async function ownDetail(ctx: Ctx, reservationId: number) {
  const detail = await getReservationDetail(ctx.db, reservationId);
  if (detail.reservation.customerId !== customerIdOf(ctx)) {
    throw new AppError('RESERVATION_NOT_FOUND');
  }
  return detail;
}

const currentId = (ctx: Ctx) => num(ctx.session.data, 'reservationId') ?? 0;

export const myBookingSteps: StepTable = {
  'my.list': {
    choices: [BOOKING_BUTTON_PREFIX],
    prompt: async (ctx) => {
      const all = await listCustomerReservations(ctx.db, customerIdOf(ctx));
      const recent = [...all].sort((a, b) => b.startAt.getTime() - a.startAt.getTime()).slice(0, 8);
      if (recent.length === 0) {
        return [say(tr(ctx, 'chat.my.empty'), [[choice(NEW_BOOKING_BUTTON_ID, tr(ctx, 'chat.menu.book')), ...menuRow(ctx)]])];
      }
      const rows = recent.map((r) => [
        choice(bookingButtonId(r.id), `${r.code} · ${shortDate(ctx, r.startAt)} · ${statusText(ctx, r.status)}`),
      ]);
      return [say(tr(ctx, 'chat.my.pick'), [...rows, menuRow(ctx)])];
    },
    choice: async (ctx, id) => {
      const reservationId = idAfter(id, BOOKING_BUTTON_PREFIX);
      if (reservationId === undefined) return ctx.prompt();
      // The detail's prompt reads the booking: someone else's fails there and the chat stays on this list.
      return enter(ctx, 'my.detail', { reservationId });
    },
  },
  'my.detail': {
    choices: ['my:proof', 'my:cancel', 'my:list'],
    prompt: async (ctx) => {
      const { reservation: r, items, proofs } = await ownDetail(ctx, currentId(ctx));
      const lines = [
        `🧾 ${r.code}`,
        tr(ctx, 'chat.my.status', { status: statusText(ctx, r.status) }),
        `🗓️ ${when(ctx, r.startAt)}`,
        ...items.map((i) => `• ${i.name} — ${money(i.lineTotal)}`),
      ];
      if (r.discount > 0) lines.push(tr(ctx, 'chat.my.discount', { amount: money(r.discount) }));
      if (r.pointsRedeemed > 0) {
        // The reservation keeps rupiah totals; what the points took off is what is left unexplained.
        const value = r.subtotal - r.discount - r.total;
        const points = formatNumber(r.pointsRedeemed, ctx.session.locale);
        lines.push(tr(ctx, 'chat.booking.pointsUsed', { points, amount: money(value) }));
      }
      lines.push(tr(ctx, 'chat.booking.total', { amount: money(r.total) }));
      if (r.status === 'pending_payment' && r.paymentDeadline) {
        lines.push(tr(ctx, 'chat.my.payBefore', { deadline: when(ctx, r.paymentDeadline) }));
      }
      if (proofs.length > 0) lines.push(tr(ctx, 'chat.my.proofs', { count: proofs.length }));
      const rows = [];
      if (payable(r.status)) rows.push([choice('my:proof', tr(ctx, 'chat.my.sendProof'))]);
      if (cancellable(r.status)) rows.push([choice('my:cancel', tr(ctx, 'chat.my.cancel'))]);
      rows.push([choice('my:list', tr(ctx, 'chat.btn.back')), ...menuRow(ctx)]);
      return [say(lines.join('\n'), rows)];
    },
    choice: async (ctx, id) => {
      if (id === 'my:list') return enter(ctx, 'my.list');
      const reservationId = currentId(ctx);
      const { reservation } = await ownDetail(ctx, reservationId);
      if (id === 'my:proof') {
        if (!payable(reservation.status)) return [say(tr(ctx, 'errors.RESERVATION_NOT_PAYABLE')), ...(await ctx.prompt())];
        return enter(ctx, 'my.proof', { reservationId, code: reservation.code });
      }
      if (!cancellable(reservation.status)) {
        return [say(tr(ctx, 'errors.RESERVATION_NOT_CANCELLABLE')), ...(await ctx.prompt())];
      }
      return enter(ctx, 'my.cancel', { reservationId, code: reservation.code });
    },
  },
  'my.cancel': {
    choices: ['my:yes', 'my:no'],
    prompt: async (ctx) => {
      const { reservation: r } = await ownDetail(ctx, currentId(ctx));
      const points = formatNumber(r.pointsRedeemed, ctx.session.locale);
      const refund = r.pointsRedeemed > 0 ? `\n${tr(ctx, 'chat.my.pointsBack', { points })}` : '';
      return [
        say(`${tr(ctx, 'chat.my.confirmCancel', { code: r.code, when: when(ctx, r.startAt) })}${refund}`, [
          [choice('my:yes', tr(ctx, 'chat.my.yesCancel')), choice('my:no', tr(ctx, 'chat.my.noKeep'))],
        ]),
      ];
    },
    choice: async (ctx, id) => {
      const reservationId = currentId(ctx);
      if (id === 'my:no') return enter(ctx, 'my.detail', { reservationId });
      const cancelled = await cancelReservation(ctx.db, {
        reservationId,
        by: 'customer',
        customerId: customerIdOf(ctx),
        reason: tr(ctx, 'chat.my.cancelReason'),
        now: ctx.now,
      });
      return [say(tr(ctx, 'chat.my.cancelled', { code: cancelled.code })), ...(await enter(ctx, 'my.list'))];
    },
  },
  'my.proof': {
    choices: ['my:no'],
    prompt: async (ctx) => [
      say(tr(ctx, 'chat.booking.sendProof', { code: String(ctx.session.data.code ?? '') }), [
        [choice('my:no', tr(ctx, 'chat.btn.back')), ...menuRow(ctx)],
      ]),
    ],
    choice: (ctx) => enter(ctx, 'my.detail', { reservationId: currentId(ctx) }),
    photo: (ctx, photo, bytes) => takeProof(ctx, currentId(ctx), photo, bytes),
  },
};

/** "my:r:<id>": a booking's detail from anywhere (a receipt or reminder may carry the button). */
export const myBookingGlobals: GlobalChoice[] = [
  {
    prefix: BOOKING_BUTTON_PREFIX,
    run: async (ctx, id) => {
      const reservationId = idAfter(id, BOOKING_BUTTON_PREFIX);
      if (reservationId === undefined) return enter(ctx, 'my.list');
      return enter(ctx, 'my.detail', { reservationId });
    },
  },
];
