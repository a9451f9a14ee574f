export * from './chat-actions.ts';
export * from './delivery.ts';
export * from './messages.ts';
export {
  createNotifier,
  type Notifier,
  type NotifierDeps,
  type NotifierOn,
  type NotifyResult,
  notifierOn,
} from './notifications.ts';
export {
  createOutbox,
  eventKey,
  type Outbox,
  type OutboxDeps,
  type SendOptions,
  type SendResult,
} from './outbox.ts';
export { ratingChoices } from './rating.ts';
export { receiptText } from './receipt-text.ts';
export { type ChatAddress, chatThreadName } from './threads.ts';
