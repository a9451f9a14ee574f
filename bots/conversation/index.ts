/**
 * The whole dialogue, written once for every channel. An adapter turns a platform update into a
 * ChatInput, calls runTurn (lock + dedupe + handle + save in one transaction), then renders the
 * OutboundMessage replies in its medium.
 */
export { flattenChoices, matchTypedChoice } from './choices.ts';
export { handle, steps } from './handle.ts';
export { referralIn } from './journeys/register.ts';
export { createSessionCache, type SessionCache } from './session-cache.ts';
export {
  loadSession,
  saveSession,
  type ThreadKey,
  threadOf,
  type Tx,
  withChatLock,
} from './session-store.ts';
export { type ConversationRuntime, runTurn, type Turn, type TurnResult } from './turn.ts';
export type { ChatInput, ChatSession, ConversationDeps, HandleResult, SessionData } from './types.ts';
