/** The workers' public face, for src/main.ts, the admin web and the WhatsApp process. */
export { type BroadcastControl, createBroadcastControl } from './broadcast/control.ts';
export { broadcastSendJobId, campaignMessage, fanoutJobId } from './broadcast/fanout.ts';
export { runCareSweep, scheduleCare } from './care.ts';
export { createQueueDashboard } from './dashboard.ts';
export { pacedLimiter, whatsappPacing } from './limits.ts';
export { type OutboundWorkerOptions, startOutboundWorker } from './outbound.ts';
export {
  type CareSweep,
  careSweeps,
  createQueues,
  DEFAULT_QUEUE_PREFIX,
  type JobInput,
  type JobName,
  jobRegistry,
  type Queues,
} from './queues.ts';
export { createTelegramSender, inlineKeyboard, translateTelegramError } from './senders/telegram.ts';
export { createWebSender, webThread } from './senders/web.ts';
export type { Limiter, StartedWorker } from './worker-kit.ts';
export { createWorkers, type RunningWorkers, type WorkersOptions } from './workers.ts';
