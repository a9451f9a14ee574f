import { formatNumber } from '../../../src/i18n/index.ts';
import { type Ctx, customerIdOf, menuRow, say, tr } from '../context.ts';
import { getCustomer, getSettings } from '../domain.ts';
import type { Replies } from '../step.ts';

/** Ajak Teman: the customer's code, a link that starts the bot with it, and what both sides earn. */
export async function referralReply(ctx: Ctx): Replies {
  const [customer, { pointsRules: rules }] = await Promise.all([
    getCustomer(ctx.db, customerIdOf(ctx)),
    getSettings(ctx.db, ctx.deps.cache),
  ]);
  const code = customer.referralCode;
  let link: string | undefined;
  if (ctx.session.channel === 'telegram' && ctx.deps.botUsername) {
    link = `https://t.me/${ctx.deps.botUsername}?start=ref_${code}`;
  } else if (ctx.deps.publicUrl) {
    link = `${ctx.deps.publicUrl}/chat?ref=${code}`;
  }
  const lines = [
    tr(ctx, 'chat.referral.code', { code }),
    link ? tr(ctx, 'chat.referral.link', { link }) : tr(ctx, 'chat.referral.howToUse', { code }),
    tr(ctx, 'chat.referral.rules', {
      friend: formatNumber(rules.referralWelcomePoints, ctx.session.locale),
      you: formatNumber(rules.referralPoints, ctx.session.locale),
    }),
  ];
  return [say(lines.join('\n\n'), [menuRow(ctx)])];
}
