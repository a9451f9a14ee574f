import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { type Channel, type OutboxRow, outboxMessages } from '../../db/schema/index.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';

export type OutboxEntry = OutboxRow & { message: OutboundMessage };

/** Every outbox row, oldest first; optionally only those to one chat or on one channel. */
export async function outboxRows(
  db: DbOrTx,
  filter: { externalId?: string; channel?: Channel } = {},
): Promise<OutboxEntry[]> {
  const rows = await db.select().from(outboxMessages).orderBy(asc(outboxMessages.id));
  return rows.filter(
    (row) =>
      (filter.externalId === undefined || row.externalId === filter.externalId) &&
      (filter.channel === undefined || row.channel === filter.channel),
  ) as OutboxEntry[];
}

/** Forgets every outbox row: tests that count messages start from none. */
export async function clearOutbox(db: DbOrTx): Promise<void> {
  await db.delete(outboxMessages);
}

/** The one row written to this chat; fails the test when there are none or several. */
export async function onlyMessageTo(db: DbOrTx, externalId: string): Promise<OutboxEntry> {
  const rows = await outboxRows(db, { externalId });
  if (rows.length !== 1) throw new Error(`expected one message to ${externalId}, found ${rows.length}`);
  return rows[0]!;
}

export async function outboxRow(db: DbOrTx, id: number): Promise<OutboxEntry | undefined> {
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  return row as OutboxEntry | undefined;
}
