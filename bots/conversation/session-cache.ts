import type { ChatSession } from './types.ts';

/**
 * The last session this process saved for each chat, so a turn can start its step before the
 * database has answered which session it holds (runTurn checks the two agree before anything
 * commits). Only a hint: a guess that proves wrong costs the step a second run, so a chat whose
 * guess was wrong once (another process takes its turns too) is not guessed again. Values are shared
 * between turns: read them, never change them.
 */
export interface SessionCache {
  /** The session to guess with, or undefined (never saved here, or not to be guessed). */
  get(thread: string): ChatSession | undefined;
  /** Remembers what was just committed, as the database gives it back (queueSessionSave's session). */
  set(session: ChatSession): void;
  delete(thread: string): void;
  /** The guess for this chat was wrong: its turns wait for the database from now on. */
  distrust(thread: string): void;
}

/** A studio's active chats fit many times over; the least recently used chat goes first. */
const DEFAULT_MAX_CHATS = 10_000;

export function createSessionCache(maxChats = DEFAULT_MAX_CHATS): SessionCache {
  // null: a chat not to guess for.
  const sessions = new Map<string, ChatSession | null>();
  const put = (thread: string, value: ChatSession | null) => {
    // Map order is insertion order: re-inserted, it is the most recently used.
    sessions.delete(thread);
    sessions.set(thread, value);
    if (sessions.size > maxChats) sessions.delete(sessions.keys().next().value!);
  };
  return {
    get(thread) {
      const session = sessions.get(thread);
      if (session) put(thread, session);
      return session ?? undefined;
    },
    set(session) {
      if (sessions.get(session.thread) === null) return;
      put(session.thread, session);
    },
    delete(thread) {
      if (sessions.get(thread) !== null) sessions.delete(thread);
    },
    distrust(thread) {
      put(thread, null);
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

/**
 * Whether a turn may start on the cached session. Not during registration (its phone codes go out
 * through the outbox at once, which a rolled-back guess could not take back) nor for a photo or a
 * shared contact (a photo would be downloaded again after a wrong guess): those turns are few.
 */
export function guessable(cached: ChatSession, inputType: string): boolean {
  return (
    cached.customerId !== null &&
    cached.step !== 'start' &&
    !cached.step.startsWith('reg.') &&
    inputType !== 'photo' &&
    inputType !== 'contact'
  );
}
