import { eq, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { pipelinedTransaction } from '../../db/pipelined-transaction.ts';
import { type Channel, chatSessions } from '../../db/schema/index.ts';
import { touchIdentityCtes } from '../../src/customers/identities.ts';
import type { Locale } from '../../src/i18n/index.ts';
import type { ChatSession, SessionData } from './types.ts';
import { chatThreadName } from '../../src/messaging/threads.ts';

export type { Tx };

export interface ThreadKey {
  channel: Channel;
  /** Telegram chat id, WhatsApp id, web cookie id. */
  externalId: string;
}

export const threadOf = (key: ThreadKey) => chatThreadName(key);

/**
 * Runs `fn` in one transaction that holds this chat's lock, so two quick taps on the same chat are
 * handled one after the other, and whatever `fn` writes (domain rows, the session) commits together.
 * The lock is a transaction-scoped advisory lock on the thread's hash: it also serialises the very
 * first message of a chat, before its session row exists.
 */
export async function withChatLock<T>(db: Db, key: ThreadKey, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return pipelinedTransaction(db, async (tx) => {
    await lockChat(tx, key);
    return fn(tx);
  });
}

/**
 * Takes the chat's transaction-scoped lock. Statements sent right after it on the same transaction
 * (pipelined, without awaiting it) run only once it is held, each with a snapshot taken after that.
 */
async function lockChat(tx: DbOrTx, key: ThreadKey): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${threadOf(key)}))`);
}

/** The chat's session, or a fresh one at the start (not yet saved). */
export async function loadSession(tx: DbOrTx, key: ThreadKey, fallbackLocale: Locale): Promise<ChatSession> {
  const [row] = await tx
    .select()
    .from(chatSessions)
    .where(eq(chatSessions.thread, threadOf(key)))
    .limit(1);
  return sessionOf(key, row, fallbackLocale);
}

type SessionRow = Pick<
  typeof chatSessions.$inferSelect,
  'customerId' | 'step' | 'data' | 'locale' | 'version'
>;

function sessionOf(key: ThreadKey, row: SessionRow | undefined, fallbackLocale: Locale): ChatSession {
  const thread = threadOf(key);
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

/** The row openTurn's read answers; the session columns are null before the chat's first save. */
interface OpenRow {
  claimed: number;
  customer_id: number | null;
  step: string | null;
  data: Record<string, unknown>;
  locale: Locale;
  version: number;
}

/** Builds SQL text for statements sent on the raw connection; holds no state. */
const dialect = new PgDialect();

/**
 * Sends a statement on the transaction's own postgres.js connection right away: execute() queues it
 * now rather than when it is first awaited, so statements sent one after another keep their order
 * and share a socket write. Prepared, like every drizzle query (db/client.ts).
 */
function sender(tx: Tx) {
  const client = (tx._.session as unknown as { client: postgres.TransactionSql }).client;
  return (query: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }).execute();
  };
}

export interface OpenedTurn {
  session: ChatSession;
  /** False when this update id was handled before (a redelivery): leave everything alone. */
  fresh: boolean;
}

/**
 * A turn's first round trip, on the transaction `tx`: the chat's lock, then one statement that claims
 * the update id, notes that the customer was seen (touchIdentity) and reads the session. The two are
 * queued on the transaction's connection synchronously, in this order, so Postgres runs the lock
 * before the read (READ COMMITTED takes each statement's snapshot when it starts), and whatever the
 * caller queues right after (the step's savepoint) follows them in the same socket write. Drizzle's
 * own queries reach the connection a variable number of microtasks later, so these go straight to
 * postgres.js.
 */
export function openTurn(
  tx: Tx,
  key: ThreadKey,
  options: { updateId: string | undefined; fallbackLocale: Locale; now: Date },
): Promise<OpenedTurn> {
  const send = sender(tx);
  const thread = threadOf(key);
  const lock = send(sql`select pg_advisory_xact_lock(hashtext(${thread}))`);
  const claim =
    options.updateId === undefined
      ? sql`select 1`
      : sql`insert into processed_updates (channel, update_id) values (${key.channel}, ${options.updateId})
          on conflict do nothing returning 1`;
  const read = send(sql`with claim as (${claim}), ${touchIdentityCtes(key.channel, key.externalId, options.now)}
    select (select count(*) from claim)::int as claimed, s.customer_id, s.step, s.data, s.locale, s.version
    from (select 1) as one left join chat_sessions s on s.thread = ${thread}`);
  return Promise.all([lock, read]).then(([, rows]) => {
    const row = rows[0] as unknown as OpenRow;
    const session: SessionRow | undefined =
      row.step === null
        ? undefined
        : {
            customerId: row.customer_id,
            step: row.step,
            data: row.data,
            locale: row.locale,
            version: row.version,
          };
    return { session: sessionOf(key, session, options.fallbackLocale), fresh: row.claimed > 0 };
  });
}

/**
 * Saves the session in one statement: inserts the chat's first row, or updates the row still at the
 * version that was loaded. No row at that version means a writer that did not hold the chat's lock
 * saved meanwhile (under withChatLock it never happens): that throws, so nothing of the turn commits.
 */
export async function saveSession(tx: DbOrTx, session: ChatSession): Promise<ChatSession> {
  const saved = await tx.execute(sql`${upsertSession(session)} returning version`);
  if (saved.length === 0) throw new Error(`chat session ${session.thread} changed while it was handled`);
  return { ...session, version: session.version + 1 };
}

/**
 * The session's row at the next version: inserted, or updated only while still at the loaded version.
 * Plain SQL rather than the insert builder: this runs on every turn and the builder costs ~0.1 ms.
 */
function upsertSession(session: ChatSession, dataJson = JSON.stringify(session.data)): SQL {
  return sql`insert into chat_sessions (thread, channel, customer_id, step, data, locale, version)
    values (${session.thread}, ${session.channel}, ${session.customerId}, ${session.step},
      ${dataJson}::jsonb, ${session.locale}, ${session.version + 1})
    on conflict (thread) do update set customer_id = excluded.customer_id, step = excluded.step,
      data = excluded.data, locale = excluded.locale, version = excluded.version, updated_at = now()
    where chat_sessions.version = ${session.version}`;
}

/**
 * saveSession for the end of a turn, without waiting for its answer, so the COMMIT that follows goes
 * out in the same socket write. The statement fails when the row is not at the loaded version (the
 * text cast raises with a message saying so; it reads the CTE's count, so the planner cannot fold it
 * and raise early), which aborts the transaction: the COMMIT behind it then rolls everything back.
 * `done` rejects in that case; await it once the transaction has ended.
 */
export function queueSessionSave(
  tx: Tx,
  session: ChatSession,
): { session: ChatSession; done: Promise<void> } {
  const dataJson = JSON.stringify(session.data);
  const sent = sender(tx)(sql`with saved as (${upsertSession(session, dataJson)} returning 1)
    select ('chat session ' || ${session.thread} || ' changed while it was handled (saved: ' || n || ')')::int
    from (select count(*) as n from saved) as result where n = 0`);
  const done = sent.then(() => undefined);
  // Marked handled here: when the turn fails before `done` is awaited, the turn's error is the one to report.
  done.catch(() => undefined);
  // The saved session as the database will give it back (its data through JSON), e.g. for the session cache.
  return { session: { ...session, data: JSON.parse(dataJson) as SessionData, version: session.version + 1 }, done };
}
