import { parseRatingButtonId, RATING_BUTTON_PREFIX, ratingButtonId } from '../../../src/messaging/chat-actions.ts';
import {
  backRow,
  type Ctx,
  choice,
  customerIdOf,
  enter,
  idAfter,
  menuRow,
  num,
  say,
  shortDate,
  str,
  toMenu,
  tr,
} from '../context.ts';
import { listRateableItems, rateItem, setRatingComment } from '../domain.ts';
import type { GlobalChoice, Replies, StepTable } from '../step.ts';

/** "rate:<item>:<stars>": stars from the rating step or from the workers' rating request, then a comment. */
async function rate(ctx: Ctx, id: string): Replies {
  const tapped = parseRatingButtonId(id);
  if (!tapped) return [say(tr(ctx, 'chat.unexpected.staleButton')), ...(await ctx.prompt())];
  const { reservationItemId, stars } = tapped;
  const rating = await rateItem(ctx.db, { customerId: customerIdOf(ctx), reservationItemId, stars, now: ctx.now });
  ctx.go('rt.comment', { ratingId: rating.id });
  return [say(tr(ctx, 'chat.rating.thanks', { stars: '⭐'.repeat(stars) })), ...(await ctx.prompt())];
}

export const ratingSteps: StepTable = {
  'rt.list': {
    choices: ['rt:i:'],
    prompt: async (ctx) => {
      const items = await listRateableItems(ctx.db, customerIdOf(ctx));
      if (items.length === 0) return [say(tr(ctx, 'chat.rating.none'), [menuRow(ctx)])];
      const rows = items
        .slice(0, 8)
        .map((i) => [choice(`rt:i:${i.reservationItemId}`, `${i.name} · ${shortDate(ctx, i.startAt)}`)]);
      return [say(tr(ctx, 'chat.rating.pick'), [...rows, menuRow(ctx)])];
    },
    choice: async (ctx, id) => {
      const itemId = idAfter(id, 'rt:i:');
      const item = (await listRateableItems(ctx.db, customerIdOf(ctx))).find((i) => i.reservationItemId === itemId);
      if (!item) return [say(tr(ctx, 'errors.RATING_NOT_ALLOWED')), ...(await ctx.prompt())];
      return enter(ctx, 'rt.stars', { itemId: item.reservationItemId, name: item.name });
    },
  },
  'rt.stars': {
    choices: ['rt:back'],
    prompt: async (ctx) => {
      const itemId = num(ctx.session.data, 'itemId') ?? 0;
      const stars = [1, 2, 3, 4, 5].map((n) => choice(ratingButtonId(itemId, n), `${n}⭐`));
      return [
        say(tr(ctx, 'chat.rating.askStars', { name: str(ctx.session.data, 'name') ?? '' }), [
          stars,
          backRow(ctx, 'rt:back'),
        ]),
      ];
    },
    choice: (ctx) => enter(ctx, 'rt.list'),
  },
  'rt.comment': {
    choices: ['rt:skip'],
    prompt: async (ctx) => [say(tr(ctx, 'chat.rating.askComment'), [[choice('rt:skip', tr(ctx, 'chat.btn.skip'))]])],
    text: async (ctx, text) => {
      await setRatingComment(ctx.db, {
        customerId: customerIdOf(ctx),
        ratingId: num(ctx.session.data, 'ratingId') ?? 0,
        comment: text.trim().slice(0, 1000),
      });
      return [say(tr(ctx, 'chat.rating.commentSaved')), ...(await toMenu(ctx))];
    },
    choice: async (ctx) => toMenu(ctx),
  },
};

export const ratingGlobals: GlobalChoice[] = [{ prefix: RATING_BUTTON_PREFIX, run: rate }];
