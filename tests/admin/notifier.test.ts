import { describe, expect, it } from 'vitest';
import { adminNotifier } from '../../admin-web/notifier.ts';
import {
  createNotifier,
  type Notifier,
  type NotifyResult,
  type OutboundMessage,
  type Outbox,
  type SendOptions,
} from '../../src/messaging/index.ts';
import { rescheduleReservation } from '../../src/reservations/index.ts';
import { bookingWithProof, harnessForFile, TZ } from './harness.ts';

const file = harnessForFile();

/** Records what would be queued; the outbox itself (Redis) is the workers' and is tested there. */
function recordingOutbox(reachable = true) {
  const sent: Array<{ customerId: number; message: OutboundMessage; options: SendOptions | undefined }> = [];
  const outbox: Outbox = {
    send: async (customerId, message, options) => {
      sent.push({ customerId, message, options });
      return reachable
        ? { queued: true, channel: 'web', externalId: 'x', jobId: options?.jobId }
        : { queued: false, reason: 'no_reachable_channel' };
    },
    sendToThread: async () => ({ queued: false, reason: 'no_reachable_channel' }),
  };
  return { outbox, sent };
}

const queued: NotifyResult = { queued: true, channel: 'telegram', externalId: '1', jobId: 'j' };
const unreachable: NotifyResult = { queued: false, reason: 'no_reachable_channel' };

function fakeNotifier(result: NotifyResult): Notifier & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const answer = async (...args: unknown[]) => {
    calls.push(args);
    return result;
  };
  return {
    calls,
    notifyConfirmed: answer,
    notifyCancelled: answer,
    notifyExpired: answer,
    notifyRescheduled: answer,
    notifyComplaintReply: answer,
    notifyPointsCredited: answer,
    notifyReferralCredited: answer,
    notifyCompletion: async (...args: unknown[]) => {
      calls.push(args);
      return [result];
    },
    notifyChatLinked: answer,
    remindTomorrow: answer,
    requestRating: answer,
  };
}

describe('admin notifier over the workers’ notifier', () => {
  it('passes each staff action on and reports an unreachable customer', async () => {
    const notifier = fakeNotifier(queued);
    const adapter = adminNotifier({ notifier });
    expect(await adapter.reservationConfirmed(7)).toBe('queued');
    expect(await adapter.reservationCancelled(7, 'Transfer tidak masuk')).toBe('queued');
    expect(await adapter.reservationRescheduled(8)).toBe('queued');
    expect(await adapter.complaintReplied(3, 'Halo Kak', 11)).toBe('queued');
    expect(await adapter.chatLinked(5, { channel: 'web', externalId: 'web-9' })).toBe('queued');
    expect(notifier.calls).toEqual([
      [7],
      [7, 'Transfer tidak masuk'],
      [8],
      [3, 'Halo Kak', { messageId: 11 }],
      [5, { channel: 'web', externalId: 'web-9' }],
    ]);
    const nowhere = adminNotifier({ notifier: fakeNotifier(unreachable) });
    expect(await nowhere.reservationCompleted(7, { membershipUpgraded: false })).toBe('unreachable');
    expect(await nowhere.reservationRescheduled(7)).toBe('unreachable');
  });

  it('tells a customer their session moved, in their language, once per new time', async () => {
    const { reservation } = await bookingWithProof(file.h, { name: 'Laras', daysAhead: 4 });
    const moved = await rescheduleReservation(file.h.database.db, {
      reservationId: reservation.id,
      startAt: new Date(reservation.startAt.getTime() + 2 * 3_600_000),
      staffId: file.h.staff.staff,
      timeZone: TZ,
    });
    const { outbox, sent } = recordingOutbox();
    const adapter = adminNotifier({
      notifier: createNotifier({ db: file.h.database.db, outbox, timeZone: TZ }),
    });
    expect(await adapter.reservationRescheduled(reservation.id)).toBe('queued');
    expect(sent).toHaveLength(1);
    const message = sent[0]!.message;
    expect(message.type === 'text' && message.text).toContain(
      `Halo Kak Laras, jadwal sesi foto ${reservation.code} sudah kami pindah`,
    );
    expect(message.type === 'text' && message.text).toContain('12.00 WIB');
    expect(sent[0]!.options?.jobId).toBe(`reschedule-${reservation.id}-${moved.startAt.getTime()}`);
  });
});
