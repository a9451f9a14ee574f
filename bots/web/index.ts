export { createWebChatApp, type WebChatDeps } from './app.tsx';
export { createRateLimitRedis, type WebChatRateLimitDeps } from './rate-limit.ts';
