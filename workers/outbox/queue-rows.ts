import type { Channel } from '../../db/schema/index.ts';
import { BROADCAST_PRIORITY, deliveryJobNames } from '../../src/messaging/delivery.ts';
import type { OwedMessage } from '../../src/messaging/outbox-store.ts';
import type { Queues } from '../queues.ts';

/**
 * Adds one send job per outbox row to its channel's queue, the row's uuid as the job id: a row whose
 * job is still in Redis is not added twice, which is what lets the relay and the reconcile pass both
 * hand rows over without coordinating.
 */
export async function queueOutboxRows(queues: Queues, rows: OwedMessage[]): Promise<void> {
  const byChannel = new Map<Channel, OwedMessage[]>();
  for (const row of rows) {
    const group = byChannel.get(row.channel);
    if (group) group.push(row);
    else byChannel.set(row.channel, [row]);
  }
  for (const [channel, mine] of byChannel) {
    await queues.enqueueBulk(
      deliveryJobNames[channel],
      mine.map((row) => ({
        payload: {
          channel,
          externalId: row.externalId,
          ...(row.customerId ? { customerId: row.customerId } : {}),
          kind: row.kind,
          message: row.message,
          outboxId: row.id,
        },
        options: {
          jobId: row.uid,
          // Campaign messages queue behind everything else on a channel.
          ...(row.kind === 'broadcast' ? { priority: BROADCAST_PRIORITY } : {}),
        },
      })),
    );
  }
}
