import { formatNumber } from '../../../src/i18n/index.ts';
import { type Ctx, choice, customerIdOf, menuRow, money, say, shortDate, tr } from '../context.ts';
import { getPointsSummary } from '../domain.ts';
import type { Replies } from '../step.ts';
import { NEW_BOOKING_BUTTON_ID } from '../../../src/messaging/chat-actions.ts';

/** Poin Saya: balance, member status, recent history, and how points are earned and spent. */
export async function pointsReply(ctx: Ctx): Replies {
  const summary = await getPointsSummary(ctx.db, customerIdOf(ctx), { limit: 5 });
  const { rules } = summary;
  const locale = ctx.session.locale;
  const lines = [
    tr(ctx, 'chat.points.balance', {
      points: formatNumber(summary.balance, locale),
      value: money(summary.balance * rules.pointValueRupiah),
    }),
    tr(ctx, 'chat.points.membership', { status: tr(ctx, `common.membership.${summary.membership}`) }),
  ];
  if (summary.history.length > 0) {
    lines.push('', tr(ctx, 'chat.points.history'));
    for (const entry of summary.history) {
      const sign = entry.delta > 0 ? '+' : '';
      const delta = `${sign}${formatNumber(entry.delta, locale)}`;
      lines.push(`• ${shortDate(ctx, entry.createdAt)}: ${delta} — ${tr(ctx, `chat.points.reason.${entry.reason}`)}`);
    }
  }
  lines.push(
    '',
    tr(ctx, 'chat.points.rules', {
      earn: money(rules.earnPerRupiah),
      value: money(rules.pointValueRupiah),
      percent: rules.maxRedeemPercent,
      members: rules.memberAfterBookings,
    }),
  );
  return [say(lines.join('\n'), [[choice(NEW_BOOKING_BUTTON_ID, tr(ctx, 'chat.menu.book')), ...menuRow(ctx)]])];
}
