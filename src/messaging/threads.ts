import type { Channel } from '../../db/schema/index.ts';

/** One chat: the channel and the platform's id for it (Telegram chat id, WhatsApp id, web cookie id). */
export interface ChatAddress {
  channel: Channel;
  externalId: string;
}

/**
 * A chat's thread name: 'telegram:123', 'whatsapp:6281…@c.us', 'web:<cookie id>'. It keys
 * chat_sessions, web_messages and the chat's lock, so every writer must spell it the same way.
 */
export const chatThreadName = (chat: ChatAddress) => `${chat.channel}:${chat.externalId}`;
