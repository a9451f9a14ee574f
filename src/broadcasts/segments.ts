import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import {
  channelIdentities,
  channelValues,
  customers,
  products,
  reservationItems,
  reservations,
} from '../../db/schema/index.ts';
import { parseInput } from '../validation.ts';
import type { SegmentRow } from './types.ts';

/**
 * Who a campaign goes to. Every condition narrows; an empty segment means every opted-in customer.
 * Anonymised customers are never included, and neither are customers with no chat we can still write to
 * (a customer entered by staff with only a phone, or one who blocked every channel).
 */
export const segmentSchema = z.object({
  membership: z.enum(['member', 'regular']).optional(),
  /** Only customers reachable on this channel, and the message goes there. */
  channel: z.enum(channelValues).optional(),
  /** Has a confirmed or completed booking with an item of this product category. */
  boughtCategory: z.string().trim().min(1).max(50).optional(),
  /** No booking created and no chat activity in this many days (1 to 10 years). */
  inactiveDays: z.number().int().min(1).max(3650).optional(),
});
export type Segment = z.output<typeof segmentSchema>;
export type SegmentInput = z.input<typeof segmentSchema>;

const DAY_MS = 86_400_000;

function reachableIdentity(segment: Segment): SQL {
  return sql`${channelIdentities.unreachableAt} is null${segment.channel ? sql` and ${channelIdentities.channel} = ${segment.channel}` : sql``}`;
}

/** The segment's conditions on `customers` (unaliased), opt-in aside. */
function segmentConditions(segment: Segment, now: Date): SQL {
  const parts: SQL[] = [sql`${customers.anonymizedAt} is null`];
  if (segment.membership) parts.push(sql`${customers.membership} = ${segment.membership}`);
  if (segment.boughtCategory) {
    parts.push(sql`exists (select 1 from ${reservations}
      join ${reservationItems} on ${reservationItems.reservationId} = ${reservations.id}
      join ${products} on ${products.id} = ${reservationItems.productId}
      where ${reservations.customerId} = ${customers.id}
        and ${reservations.status} in ('confirmed', 'completed')
        and ${products.category} = ${segment.boughtCategory})`);
  }
  if (segment.inactiveDays) {
    const cutoff = new Date(now.getTime() - segment.inactiveDays * DAY_MS).toISOString();
    parts.push(sql`not exists (select 1 from ${reservations}
      where ${reservations.customerId} = ${customers.id} and ${reservations.createdAt} > ${cutoff}::timestamptz)`);
    parts.push(
      sql`(${customers.lastActiveAt} is null or ${customers.lastActiveAt} < ${cutoff}::timestamptz)`,
    );
  }
  return sql.join(parts, sql` and `);
}

/** How many customers a campaign to this segment would message now (opted-in only), for the compose page. */
export async function countSegment(
  db: DbOrTx,
  segmentInput: SegmentInput,
  now: Date = new Date(),
): Promise<number> {
  const segment = parseInput(segmentSchema, segmentInput);
  const [row] = await db.execute<{ count: number }>(sql`
    select count(*)::int as count from ${customers}
    where ${customers.promoOptIn} and ${segmentConditions(segment, now)}
      and exists (select 1 from ${channelIdentities}
        where ${channelIdentities.customerId} = ${customers.id} and ${reachableIdentity(segment)})`);
  return row?.count ?? 0;
}

export interface SegmentPageOptions {
  /** 0 for the first page, then the last row's customerId. */
  afterCustomerId: number;
  /** Rows per page; fan-out writes a page of recipients in one INSERT. */
  limit: number;
  now?: Date;
}

/**
 * One page of the segment in customer id order (keyset, so a fan-out resumed after a crash continues
 * where it stopped). Each row carries its delivery target: the reachable identity seen most recently
 * (on the segment's channel when it names one). Opted-out customers are included, flagged.
 */
export async function segmentPage(
  db: DbOrTx,
  segmentInput: SegmentInput,
  options: SegmentPageOptions,
): Promise<SegmentRow[]> {
  const segment = parseInput(segmentSchema, segmentInput);
  const limit = Math.min(Math.max(Math.trunc(options.limit), 1), 5000);
  const rows = await db.execute<{
    customer_id: number;
    opted_in: boolean;
    channel: SegmentRow['channel'];
    external_id: string;
  }>(sql`
    select ${customers.id} as customer_id, ${customers.promoOptIn} as opted_in, target.channel, target.external_id
    from ${customers}
    join lateral (
      select ${channelIdentities.channel} as channel, ${channelIdentities.externalId} as external_id
      from ${channelIdentities}
      where ${channelIdentities.customerId} = ${customers.id} and ${reachableIdentity(segment)}
      order by ${channelIdentities.lastSeenAt} desc, ${channelIdentities.id} desc
      limit 1
    ) target on true
    where ${customers.id} > ${options.afterCustomerId} and ${segmentConditions(segment, options.now ?? new Date())}
    order by ${customers.id}
    limit ${limit}`);
  return rows.map((r) => ({
    customerId: r.customer_id,
    channel: r.channel,
    externalId: r.external_id,
    optedIn: r.opted_in,
  }));
}
