import type { Db } from '../../db/client.ts';
import { pipelinedTransaction } from '../../db/pipelined-transaction.ts';
import type { Locale } from '../../src/i18n/index.ts';
import type { Logger } from '../../src/logger.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import type { Clock } from '../../src/time.ts';
import { handlePending } from './handle.ts';
import { openTurn, queueSessionSave, type ThreadKey, type Tx } from './session-store.ts';
import type { ChatInput, ChatSession, ConversationDeps } from './types.ts';

/** What an adapter keeps for its whole life: the database and the studio's clock and zone. */
export interface ConversationRuntime {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** Locale of a brand-new chat when the platform gives no hint. */
  defaultLocale: Locale;
  botUsername?: string | undefined;
  publicUrl?: string | undefined;
  log?: Logger | undefined;
  /** The outbox on a given transaction: registration sends its phone codes through it. */
  outbox?: ConversationDeps['outbox'];
  /** One per process (createReadCache), shared by all its turns. */
  cache?: ConversationDeps['cache'];
}

export interface Turn extends ThreadKey {
  input: ChatInput;
  /** The platform's update id (Telegram update_id, WhatsApp message id): a redelivery is handled once. */
  updateId?: string | undefined;
  /** Locale hint for a new chat (Telegram language_code). An existing chat keeps its own. */
  locale?: Locale | undefined;
  displayName?: string | undefined;
  /**
   * Runs inside the transaction after the session is saved, so what the adapter records about the
   * turn (the web chat's message log) commits together with it or not at all.
   */
  record?: (tx: Tx, replies: readonly OutboundMessage[]) => Promise<void>;
}

export interface TurnResult {
  /** True when this update id was handled before: nothing changed, nothing to send. */
  duplicate: boolean;
  replies: OutboundMessage[];
  session: ChatSession;
  /** The step before this input, e.g. so Telegram removes its contact keyboard once the phone step is left. */
  previousStep: string;
}

/**
 * One inbound message, start to end: lock the chat, skip a redelivered update, note that the customer
 * was seen, load the session, run the conversation, save. Everything commits together or not at all.
 * Adapters render `replies` after this returns (outside the transaction).
 */
export async function runTurn(runtime: ConversationRuntime, turn: Turn): Promise<TurnResult> {
  const key: ThreadKey = { channel: turn.channel, externalId: turn.externalId };
  const outcome = await pipelinedTransaction(runtime.db, async (tx) => {
    const now = runtime.clock();
    // Round trips per turn: begin + lock + update claim + session + identity touch + the step's
    // savepoint (one socket write, see openTurn); the step's reads; session save + commit.
    const opened = openTurn(tx, key, {
      updateId: turn.updateId,
      fallbackLocale: turn.locale ?? runtime.defaultLocale,
      now,
    });
    const result = await handlePending(
      {
        db: tx,
        clock: () => now,
        timeZone: runtime.timeZone,
        botUsername: runtime.botUsername,
        publicUrl: runtime.publicUrl,
        displayName: turn.displayName,
        log: runtime.log,
        outbox: runtime.outbox,
        cache: runtime.cache,
      },
      opened.then((o) => (o.fresh ? o.session : undefined)),
      turn.input,
    );
    const { session } = await opened;
    if (!result) return { duplicate: true, replies: [], session, previousStep: session.step };
    const save = queueSessionSave(tx, result.session);
    if (turn.record) await turn.record(tx, result.replies);
    const done: TurnResult = {
      duplicate: false,
      replies: result.replies,
      session: save.session,
      previousStep: session.step,
    };
    return { ...done, saved: save.done };
  });
  // A save that found the session changed made the commit a rollback: nothing of the turn was kept.
  if ('saved' in outcome) {
    const { saved, ...result } = outcome;
    await saved;
    return result;
  }
  return outcome;
}
