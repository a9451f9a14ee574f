import type { Product } from '../../../src/catalog/index.ts';
import { type ProductCategory, productCategories } from '../../../db/schema/index.ts';
import type { OutboundMessage } from '../../../src/messaging/messages.ts';
import { type Ctx, choice, enter, grid, idAfter, menuRow, money, pick, say, str, tr } from '../context.ts';
import { listCategories, listProducts, offersForProduct } from '../domain.ts';
import type { GlobalChoice, StepTable } from '../step.ts';

const isKnownCategory = (category: string): category is ProductCategory =>
  (productCategories as readonly string[]).includes(category);

function categoryLabel(ctx: Ctx, category: string): string {
  return isKnownCategory(category) ? tr(ctx, `common.category.${category}`) : category;
}

export const durationText = (ctx: Ctx, minutes: number) =>
  minutes >= 60 && minutes % 60 === 0
    ? tr(ctx, 'chat.catalog.hours', { count: minutes / 60 })
    : tr(ctx, 'common.minutes', { count: minutes });

/** One package as a card: photo (when it has one), price, duration, description, and its bundle offers. */
async function productCard(ctx: Ctx, product: Product): Promise<OutboundMessage> {
  const locale = ctx.session.locale;
  const offers = await offersForProduct(ctx.db, product.id, ctx.now, ctx.deps.cache);
  const lines = [
    `📷 ${pick(locale, product.name, product.nameEn)}`,
    `${money(product.price)} · ${durationText(ctx, product.durationMinutes)}`,
    pick(locale, product.description, product.descriptionEn),
  ];
  for (const offer of offers) lines.push(`🎁 ${pick(locale, offer.name, offer.nameEn)}`);
  const choices = [[choice(`cat:book:${product.id}`, tr(ctx, 'chat.catalog.bookThis'))]];
  const caption = lines.filter(Boolean).join('\n');
  return product.photoFileId
    ? { type: 'photo', fileId: product.photoFileId, caption, choices }
    : say(caption, choices);
}

/** "cat:c:<category>": that category's cards, from the category list or an older one. */
const openCategory = (ctx: Ctx, id: string) =>
  enter(ctx, 'cat.list', { category: id.slice('cat:c:'.length).slice(0, 40) });

export const catalogSteps: StepTable = {
  'cat.cats': {
    choices: ['cat:c:'],
    prompt: async (ctx) => {
      const categories = await listCategories(ctx.db, ctx.deps.cache);
      const buttons = categories.map((c) => choice(`cat:c:${c.category}`, categoryLabel(ctx, c.category)));
      return [say(tr(ctx, 'chat.catalog.pickCategory'), [...grid(buttons, 2), menuRow(ctx)])];
    },
    choice: openCategory,
  },
  'cat.list': {
    choices: ['cat:back'],
    prompt: async (ctx) => {
      const category = str(ctx.session.data, 'category') ?? '';
      const products = await listProducts(ctx.db, { category, kind: 'package' }, ctx.deps.cache);
      // Without a cache each card reads its offers: issued together, they are pipelined on the chat's connection.
      const cards = await Promise.all(products.map((product) => productCard(ctx, product)));
      const footer = say(
        tr(ctx, products.length > 0 ? 'chat.catalog.footer' : 'chat.catalog.empty', {
          category: categoryLabel(ctx, category),
        }),
        [[choice('cat:back', tr(ctx, 'chat.catalog.otherCategories')), ...menuRow(ctx)]],
      );
      return [...cards, footer];
    },
    choice: (ctx) => enter(ctx, 'cat.cats'),
  },
};

export const catalogGlobals: GlobalChoice[] = [
  {
    // "Pesan paket ini" under a card, even an old one: the booking starts at the date for that package.
    prefix: 'cat:book:',
    run: (ctx, id) => {
      const productId = idAfter(id, 'cat:book:');
      if (productId === undefined) return enter(ctx, 'bk.product');
      return enter(ctx, 'bk.date', { productId, fromCatalog: true });
    },
  },
  { prefix: 'cat:c:', run: openCategory },
];
