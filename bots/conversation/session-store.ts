import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { type Channel, chatSessions, processedUpdates } from '../../db/schema/index.ts';
import type { Locale } from '../../src/i18n/index.ts';
import type { ChatSession, SessionData } from './types.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface ThreadKey {
  channel: Channel;
  /** Telegram chat id, WhatsApp id, web cookie id. */
  externalId: string;
}

export const threadOf = (key: ThreadKey) => `${key.channel}:${key.externalId}`;

/**
 * Runs `fn` in one transaction that holds this chat's lock, so two quick taps on the same chat are
 * handled one after the other, and whatever `fn` writes (domain rows, the session) commits together.
 * The lock is a transaction-scoped advisory lock on the thread's hash: it also serialises the very
 * first message of a chat, before its session row exists.
 */
export async function withChatLock<T>(db: Db, key: ThreadKey, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await lockChat(tx, key);
    return fn(tx);
  });
}

/**
 * Takes the chat's transaction-scoped lock. Statements sent right after it on the same transaction
 * (pipelined, without awaiting it) run only once it is held, each with a snapshot taken after that.
 */
export async function lockChat(tx: DbOrTx, key: ThreadKey): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${threadOf(key)}))`);
}

/** Records a platform update id; false when it was handled before (a redelivery). Call inside the lock. */
export async function claimUpdate(tx: DbOrTx, channel: Channel, updateId: string): Promise<boolean> {
  const rows = await tx
    .insert(processedUpdates)
    .values({ channel, updateId })
    .onConflictDoNothing()
    .returning({ updateId: processedUpdates.updateId });
  return rows.length > 0;
}

/** The chat's session, or a fresh one at the start (not yet saved). */
export async function loadSession(tx: DbOrTx, key: ThreadKey, fallbackLocale: Locale): Promise<ChatSession> {
  const thread = threadOf(key);
  const [row] = await tx.select().from(chatSessions).where(eq(chatSessions.thread, thread)).limit(1);
  if (!row) {
    return {
      thread,
      channel: key.channel,
      externalId: key.externalId,
      customerId: null,
      step: 'start',
      data: {},
      locale: fallbackLocale,
      version: 0,
    };
  }
  return {
    thread,
    channel: key.channel,
    externalId: key.externalId,
    customerId: row.customerId,
    step: row.step,
    data: row.data as SessionData,
    locale: row.locale,
    version: row.version,
  };
}

/**
 * Saves the session. The version check catches a writer that loaded the session without the lock;
 * under withChatLock it always matches.
 */
export async function saveSession(tx: DbOrTx, session: ChatSession): Promise<ChatSession> {
  const values = {
    thread: session.thread,
    channel: session.channel,
    customerId: session.customerId,
    step: session.step,
    data: session.data,
    locale: session.locale,
    version: session.version + 1,
  };
  if (session.version === 0) {
    await tx
      .insert(chatSessions)
      .values(values)
      .onConflictDoUpdate({ target: chatSessions.thread, set: { ...values, updatedAt: new Date() } });
  } else {
    const updated = await tx
      .update(chatSessions)
      .set(values)
      .where(and(eq(chatSessions.thread, session.thread), eq(chatSessions.version, session.version)))
      .returning({ version: chatSessions.version });
    if (updated.length === 0) throw new Error(`chat session ${session.thread} changed while it was handled`);
  }
  return { ...session, version: session.version + 1 };
}
