import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { customers } from '../../db/schema/index.ts';
import { bundlePriceOf, sellableBundles } from '../catalog/queries.ts';
import type { Product } from '../catalog/types.ts';
import { AppError } from '../errors.ts';
import { maxRedeemablePoints as redeemableLimit, pointsToRupiah } from '../loyalty/rules.ts';
import { getSettings, type StudioSettings } from '../settings/settings.ts';
import { parseInput } from '../validation.ts';
import { bookablePackage } from './product.ts';
import { sessionMinutes } from './schedule.ts';
import type { Quote, QuoteItem } from './types.ts';

const quoteInputSchema = z.object({
  customerId: z.number().int().positive(),
  productId: z.number().int().positive(),
  startAt: z.date(),
  bundleIds: z.array(z.number().int().positive()).max(20).default([]),
  pointsToRedeem: z.number().int().min(0).default(0),
  now: z.date().optional(),
});

export type QuoteInput = z.input<typeof quoteInputSchema>;

/**
 * Prices a booking: the package line, one add-on line per chosen bundle (the bundle must be active,
 * valid now and offered with this package: BUNDLE_NOT_AVAILABLE), savings as the discount, and points
 * within the limit (POINTS_LIMIT). The slot itself is checked when booking, not here. `loaded`: the
 * settings and the bookable package a caller already read in the same transaction (createReservation).
 */
export async function quoteReservation(
  db: DbOrTx,
  input: QuoteInput,
  loaded?: { settings: StudioSettings; product: Product },
): Promise<Quote> {
  const {
    customerId,
    productId,
    startAt,
    bundleIds,
    pointsToRedeem,
    now = new Date(),
  } = parseInput(quoteInputSchema, input);
  // Independent reads issued together go out in one socket write (postgres.js pipelines them). No
  // ReadCache here: the summary the customer confirms must price as createReservation will.
  const [settings, product, [customer], addons] = await Promise.all([
    loaded?.settings ?? getSettings(db),
    loaded?.product ?? bookablePackage(db, productId),
    db
      .select({ balance: customers.pointsBalance, anonymizedAt: customers.anonymizedAt })
      .from(customers)
      .where(eq(customers.id, customerId)),
    addonLines(db, productId, [...new Set(bundleIds)], now),
  ]);
  if (!customer || customer.anonymizedAt) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${customerId}`);

  const items: QuoteItem[] = [
    {
      kind: 'package',
      productId: product.id,
      bundleId: null,
      name: product.name,
      nameEn: product.nameEn,
      unitPrice: product.price,
      quantity: 1,
      lineTotal: product.price,
      saving: 0,
    },
  ];
  items.push(...addons);

  const subtotal = items.reduce((sum, item) => sum + item.lineTotal, 0);
  const discount = items.reduce((sum, item) => sum + item.saving, 0);
  const rules = settings.pointsRules;
  // The percentage cap applies to what is left after bundle savings.
  const maxRedeemablePoints = redeemableLimit(rules, customer.balance, subtotal - discount);
  if (pointsToRedeem > maxRedeemablePoints) {
    throw new AppError('POINTS_LIMIT', `asked ${pointsToRedeem}, limit ${maxRedeemablePoints}`, {
      details: { maxRedeemablePoints, balance: customer.balance },
    });
  }
  const pointsValue = pointsToRupiah(rules, pointsToRedeem);
  const minutes = sessionMinutes(product.durationMinutes, settings.slotMinutes);
  return {
    productId,
    startAt,
    endAt: new Date(startAt.getTime() + minutes * 60_000),
    items,
    subtotal,
    discount,
    pointsRedeemed: pointsToRedeem,
    pointsValue,
    total: subtotal - discount - pointsValue,
    maxRedeemablePoints,
    pointsBalance: customer.balance,
  };
}

async function addonLines(
  db: DbOrTx,
  productId: number,
  bundleIds: number[],
  now: Date,
): Promise<QuoteItem[]> {
  if (bundleIds.length === 0) return [];
  const offered = await sellableBundles(db, { productId, bundleIds, at: now });
  const missing = bundleIds.filter((id) => !offered.some((row) => row.bundle.id === id));
  if (missing.length > 0) {
    throw new AppError('BUNDLE_NOT_AVAILABLE', `bundles ${missing.join(', ')}`, {
      details: { bundleIds: missing },
    });
  }
  return bundleIds.map((id) => {
    const { bundle, addon } = offered.find((row) => row.bundle.id === id)!;
    return {
      kind: 'addon' as const,
      productId: addon.id,
      bundleId: bundle.id,
      name: addon.name,
      nameEn: addon.nameEn,
      unitPrice: addon.price,
      quantity: 1,
      lineTotal: addon.price,
      saving: Math.max(0, addon.price - bundlePriceOf(bundle, addon.price)),
    };
  });
}
