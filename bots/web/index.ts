export { createWebChatApp, type WebChatDeps } from './app.tsx';
export { listMessages, storeTurn, type WebInbound, type WebMessage, webThreadOf } from './messages.ts';
