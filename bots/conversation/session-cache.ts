import type { ChatSession } from './types.ts';

/**
 * The last session this process saved for each chat, so a turn can start its step before the
 * database has answered which session it holds (runTurn checks the two agree before anything
 * commits). Only a hint: a miss, or a session another process changed, costs the round trip it
 * would have cost anyway. Values are shared between turns: read them, never change them.
 */
export interface SessionCache {
  get(thread: string): ChatSession | undefined;
  set(session: ChatSession): void;
  delete(thread: string): void;
}

/** A studio's active chats fit many times over; the least recently used chat goes first. */
const DEFAULT_MAX_CHATS = 10_000;

export function createSessionCache(maxChats = DEFAULT_MAX_CHATS): SessionCache {
  const sessions = new Map<string, ChatSession>();
  return {
    get(thread) {
      const session = sessions.get(thread);
      if (session) {
        // Map order is insertion order: moved to the end, it is the most recently used.
        sessions.delete(thread);
        sessions.set(thread, session);
      }
      return session;
    },
    set(session) {
      sessions.delete(session.thread);
      sessions.set(session.thread, session);
      if (sessions.size > maxChats) sessions.delete(sessions.keys().next().value!);
    },
    delete(thread) {
      sessions.delete(thread);
    },
  };
}

/** The database's session is the one the cache held: same save (version) of the same chat state. */
export function sameSave(stored: ChatSession, cached: ChatSession): boolean {
  return (
    stored.version === cached.version &&
    stored.customerId === cached.customerId &&
    stored.step === cached.step &&
    stored.locale === cached.locale
  );
}
