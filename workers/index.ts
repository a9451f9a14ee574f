/** The workers' public face, for src/main.ts, the admin web and the WhatsApp process. */
export { type BroadcastControl, createBroadcastControl } from './broadcast/control.ts';
export { createQueueDashboard } from './dashboard.ts';
export { pacedLimiter, telegramPacing, whatsappPacing } from './limits.ts';
export { type OutboundWorkerOptions, startOutboundWorker } from './outbound.ts';
export { createQueues, type Queues } from './queues.ts';
export type { StartedWorker } from './worker-kit.ts';
export { createWorkers, type RunningWorkers, type SenderRun, type WorkersOptions } from './workers.ts';
