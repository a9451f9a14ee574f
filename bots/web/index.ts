export { createWebChatApp, type WebChatDeps } from './app.tsx';
export { listMessages, storeTurn, type WebInbound, type WebMessage, webThreadOf } from './messages.ts';
export { localeFromAcceptLanguage, preferredLanguages } from './locale.ts';
export { createRateLimitRedis, type RateLimit, type WebChatRateLimitDeps } from './rate-limit.ts';
