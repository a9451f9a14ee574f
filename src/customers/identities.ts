import { and, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type Channel, channelIdentities, customers } from '../../db/schema/index.ts';
import type { ChannelIdentity, Customer, DeliveryTarget } from './types.ts';

/** The customer behind a chat, or undefined when this chat has not registered yet. */
export async function findCustomerByIdentity(
  db: DbOrTx,
  channel: Channel,
  externalId: string,
): Promise<Customer | undefined> {
  const [row] = await db
    .select({ customer: customers })
    .from(channelIdentities)
    .innerJoin(customers, eq(customers.id, channelIdentities.customerId))
    .where(and(eq(channelIdentities.channel, channel), eq(channelIdentities.externalId, externalId)))
    .limit(1);
  return row?.customer;
}

export interface LinkIdentityInput {
  customerId: number;
  channel: Channel;
  externalId: string;
  displayName?: string | null;
}

/**
 * Points (channel, externalId) at the customer. An identity that pointed at someone else moves: the
 * person in that chat has just told us who they are. Linking also counts as being seen and reachable.
 */
export async function linkIdentity(db: DbOrTx, input: LinkIdentityInput): Promise<ChannelIdentity> {
  const now = new Date();
  const [row] = await db
    .insert(channelIdentities)
    .values({
      customerId: input.customerId,
      channel: input.channel,
      externalId: input.externalId,
      displayName: input.displayName ?? null,
      lastSeenAt: now,
    })
    .onConflictDoUpdate({
      target: [channelIdentities.channel, channelIdentities.externalId],
      set: {
        customerId: input.customerId,
        displayName: sql`coalesce(excluded.display_name, ${channelIdentities.displayName})`,
        unreachableAt: null,
        lastSeenAt: now,
      },
    })
    .returning();
  return row!;
}

/**
 * Seconds within which a repeated inbound message on the customer's most recent chat does not write
 * lastSeenAt again: a chat step every second or two would otherwise rewrite two rows per message.
 * lastSeenAt and customers.lastActiveAt are then at most this stale; which chat is "most recent"
 * (deliveryTarget) stays exact, because a chat that is not the newest one is always written.
 */
export const TOUCH_RESOLUTION_SECONDS = 60;

/**
 * touchIdentity's writes as two CTEs, `seen` and `touched`, for a caller that sends them inside a
 * statement of its own (the conversation's turn reads its session in the same one). Writes only when
 * the identity is unreachable, seen more than TOUCH_RESOLUTION_SECONDS ago, or not (strictly) the
 * customer's most recently seen chat. Postgres runs data-modifying CTEs to completion whether or not
 * the statement reads them.
 */
export function touchIdentityCtes(channel: Channel, externalId: string, now: Date = new Date()): SQL {
  // ISO text, cast in SQL: the postgres.js client drizzle builds passes timestamps through as given.
  const at = now.toISOString();
  return sql`seen as (
      update channel_identities i set last_seen_at = ${at}::timestamptz, unreachable_at = null
      where i.channel = ${channel} and i.external_id = ${externalId}
        and (i.unreachable_at is not null
          or i.last_seen_at < ${at}::timestamptz - ${sql.raw(`interval '${TOUCH_RESOLUTION_SECONDS} seconds'`)}
          or exists (select 1 from channel_identities o
            where o.customer_id = i.customer_id and o.id <> i.id and o.last_seen_at >= i.last_seen_at))
      returning i.customer_id),
    touched as (
      update customers set last_active_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      where id in (select customer_id from seen)
      returning id)`;
}

/**
 * Records an inbound message: the identity becomes the preferred one for outbound messages, and a
 * customer who blocked us and wrote again is reachable again. Also keeps customers.lastActiveAt,
 * which "inactive for N days" segments read (both to TOUCH_RESOLUTION_SECONDS).
 */
export async function touchIdentity(
  db: DbOrTx,
  channel: Channel,
  externalId: string,
  now: Date = new Date(),
): Promise<void> {
  await db.execute(sql`with ${touchIdentityCtes(channel, externalId, now)} select count(*) from touched`);
}

/** The platform said this chat cannot be written to (blocked bot, deleted account). */
export async function markIdentityUnreachable(
  db: DbOrTx,
  channel: Channel,
  externalId: string,
): Promise<void> {
  await db
    .update(channelIdentities)
    .set({ unreachableAt: new Date() })
    .where(
      and(
        eq(channelIdentities.channel, channel),
        eq(channelIdentities.externalId, externalId),
        isNull(channelIdentities.unreachableAt),
      ),
    );
}

/** Where a message to the customer should go: the reachable identity they used most recently. */
export async function deliveryTarget(
  db: DbOrTx,
  customerId: number,
  /** Only these channels (those some process sends on); all when omitted. */
  channels?: readonly Channel[],
): Promise<DeliveryTarget | undefined> {
  if (channels?.length === 0) return undefined;
  const [row] = await db
    .select({ channel: channelIdentities.channel, externalId: channelIdentities.externalId })
    .from(channelIdentities)
    .where(
      and(
        eq(channelIdentities.customerId, customerId),
        isNull(channelIdentities.unreachableAt),
        channels ? inArray(channelIdentities.channel, [...channels]) : undefined,
      ),
    )
    .orderBy(desc(channelIdentities.lastSeenAt), desc(channelIdentities.id))
    .limit(1);
  return row;
}

/** All of a customer's chats, most recently seen first (for the admin's customer page). */
export async function listIdentities(db: DbOrTx, customerId: number): Promise<ChannelIdentity[]> {
  return db
    .select()
    .from(channelIdentities)
    .where(eq(channelIdentities.customerId, customerId))
    .orderBy(desc(channelIdentities.lastSeenAt), desc(channelIdentities.id));
}
