import { and, asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { webMessages } from '../../db/schema/index.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import { toStorableText } from '../../src/validation.ts';
import { threadOf } from '../conversation/index.ts';

/** What the customer did, as the page shows it in their own bubble. */
export type WebInbound =
  | { type: 'text'; text: string }
  | { type: 'choice'; label: string }
  | { type: 'photo'; name?: string };

export interface WebMessage {
  id: number;
  direction: 'in' | 'out';
  payload: WebInbound | OutboundMessage;
  createdAt: string;
}

export const webThreadOf = (externalId: string) => threadOf({ channel: 'web', externalId });

/** Stores one turn: the customer's message and the bot's replies, in order. */
export async function storeTurn(
  db: DbOrTx,
  thread: string,
  inbound: WebInbound,
  replies: readonly OutboundMessage[],
): Promise<void> {
  await db.insert(webMessages).values([
    { thread, direction: 'in', payload: storableBubble(inbound) },
    ...replies.map((reply) => ({ thread, direction: 'out' as const, payload: { ...reply } })),
  ]);
}

/**
 * The customer's bubble as it can be kept: a NUL or half a surrogate pair (which jsonb refuses) is
 * dropped or shown as �, so the turn still commits and the conversation's own answer (TEXT_UNREADABLE
 * and the current step) reaches the page.
 */
function storableBubble(inbound: WebInbound): WebInbound {
  switch (inbound.type) {
    case 'text':
      return { type: 'text', text: toStorableText(inbound.text) };
    case 'choice':
      return { type: 'choice', label: toStorableText(inbound.label) };
    case 'photo':
      if (inbound.name === undefined) return { type: 'photo' };
      return { type: 'photo', name: toStorableText(inbound.name) };
  }
}

/** The thread's messages after `afterId` (both directions, and staff messages the outbox wrote), oldest first. */
export async function listMessages(db: DbOrTx, thread: string, afterId: number, limit = 200): Promise<WebMessage[]> {
  const rows = await db
    .select()
    .from(webMessages)
    .where(and(eq(webMessages.thread, thread), gt(webMessages.id, afterId)))
    .orderBy(asc(webMessages.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    payload: row.payload as unknown as WebInbound | OutboundMessage,
    createdAt: row.createdAt.toISOString(),
  }));
}
