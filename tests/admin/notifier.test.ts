import { describe, expect, it } from 'vitest';
import { adminNotifier } from '../../admin-web/notifier.ts';
import type { AdminNotifier } from '../../admin-web/env.ts';
import type { DbOrTx } from '../../db/client.ts';
import { type Notifier, type NotifyResult, notifierOn } from '../../src/messaging/index.ts';
import { getReservation, rescheduleReservation } from '../../src/reservations/index.ts';
import { outboxRows } from '../helpers/outbox.ts';
import { bookingWithProof, createHarness, harnessForFile, loggedIn, TZ } from './harness.ts';

const file = harnessForFile();

const queued: NotifyResult = { queued: true, channel: 'telegram', externalId: '1', outboxId: 1 };
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

describe('admin notifier over src/messaging’s notifier', () => {
  it('passes each staff action on, on the action’s own transaction, and reports an unreachable customer', async () => {
    const notifier = fakeNotifier(queued);
    const handles: unknown[] = [];
    const adapter = adminNotifier({
      notifierOn: (db) => {
        handles.push(db);
        return notifier;
      },
    });
    const tx = file.h.database.db;
    expect(await adapter.reservationConfirmed(tx, 7)).toBe('queued');
    expect(await adapter.reservationCancelled(tx, 7, 'Transfer tidak masuk')).toBe('queued');
    expect(await adapter.reservationRescheduled(tx, 8)).toBe('queued');
    expect(await adapter.complaintReplied(tx, 3, 'Halo Kak', 11)).toBe('queued');
    expect(await adapter.chatLinked(tx, 5, { channel: 'web', externalId: 'web-9' })).toBe('queued');
    expect(notifier.calls).toEqual([
      [7],
      [7, 'Transfer tidak masuk'],
      [8],
      [3, 'Halo Kak', { messageId: 11 }],
      [5, { channel: 'web', externalId: 'web-9' }],
    ]);
    expect(handles.every((handle) => handle === tx)).toBe(true);
    const nowhere = adminNotifier({ notifierOn: () => fakeNotifier(unreachable) });
    expect(await nowhere.reservationCompleted(tx, 7, { membershipUpgraded: false })).toBe('unreachable');
    expect(await nowhere.reservationRescheduled(tx, 7)).toBe('unreachable');
  });

  it('tells a customer their session moved, in their language, once per new time', async () => {
    const db = file.h.database.db;
    const { reservation, customer } = await bookingWithProof(file.h, { name: 'Laras', daysAhead: 4 });
    const moved = await rescheduleReservation(db, {
      reservationId: reservation.id,
      startAt: new Date(reservation.startAt.getTime() + 2 * 3_600_000),
      staffId: file.h.staff.staff,
      now: file.h.now(),
      timeZone: TZ,
    });
    const adapter = adminNotifier({ notifierOn: notifierOn({ timeZone: TZ }) });
    expect(await adapter.reservationRescheduled(db, reservation.id)).toBe('queued');
    // A double click: still one message for this new time.
    expect(await adapter.reservationRescheduled(db, reservation.id)).toBe('queued');
    const rows = (await outboxRows(db)).filter((row) => row.customerId === customer.id);
    expect(rows).toHaveLength(1);
    const message = rows[0]!.message;
    expect(message.type === 'text' && message.text).toContain(
      `Halo Kak Laras, jadwal sesi foto ${reservation.code} sudah kami pindah`,
    );
    expect(message.type === 'text' && message.text).toContain('12.00 WIB');
    expect(rows[0]!.dedupeKey).toBe(`reschedule:${reservation.id}:${moved.startAt.getTime()}`);
    expect(rows[0]!).toMatchObject({ reservationId: reservation.id, state: 'pending' });
  });
});

describe('a staff action and its message commit together', () => {
  it('confirming writes the booking and its message in one transaction, with no queue in the request', async () => {
    const h = await createHarness({
      notifier: () => adminNotifier({ notifierOn: notifierOn({ timeZone: TZ }) }),
    });
    try {
      const rina = await loggedIn(h.app, 'rina@studio.test', '10.0.1.3');
      const { reservation, customer } = await bookingWithProof(h, { name: 'Wulan' });
      await rina.page(`/admin/reservations/${reservation.id}`);
      const response = await rina.post(`/admin/reservations/${reservation.id}/confirm`, {});
      expect(response.status).toBe(303);
      const page = await rina.page(response.headers.get('location')!);
      expect(page.html).toContain('Pesan ke pelanggan akan terkirim');
      expect((await getReservation(h.database.db, reservation.id))?.status).toBe('confirmed');
      const rows = (await outboxRows(h.database.db)).filter((row) => row.customerId === customer.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!).toMatchObject({ state: 'pending', reservationId: reservation.id, channel: 'web' });
      const text = rows[0]!.message.type === 'text' ? rows[0]!.message.text : '';
      expect(text).toContain(reservation.code);
    } finally {
      await h.close();
    }
  });

  it('a message that cannot be written leaves the booking as it was: nothing half-done', async () => {
    const failing: AdminNotifier = {
      ...adminNotifier({ notifierOn: notifierOn({ timeZone: TZ }) }),
      reservationConfirmed: async (tx: DbOrTx) => {
        // A statement the database refuses, inside the action's transaction.
        await tx.execute('select 1/0');
        return 'queued';
      },
    };
    const h = await createHarness({ notifier: () => failing });
    try {
      const rina = await loggedIn(h.app, 'rina@studio.test', '10.0.1.4');
      const { reservation } = await bookingWithProof(h, { name: 'Gagal Tulis' });
      await rina.page(`/admin/reservations/${reservation.id}`);
      const response = await rina.post(`/admin/reservations/${reservation.id}/confirm`, {});
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect((await getReservation(h.database.db, reservation.id))?.status).toBe('awaiting_confirmation');
      expect(await outboxRows(h.database.db)).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});
