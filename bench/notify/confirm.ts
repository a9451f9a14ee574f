import { adminNotifier } from '../../admin-web/notifier.ts';
import { withAudit } from '../../admin-web/routes/helpers.ts';
import type { Db } from '../../db/client.ts';
import type { NotifierOn } from '../../src/messaging/index.ts';
import { confirmReservation } from '../../src/reservations/index.ts';

/** One staff confirmation as the bench saw it; times are Date.now() (the emulator's clock too). */
export interface Commit {
  reservationId: number;
  /** When COMMIT came back: the moment the message is owed. */
  committedAt: number;
  /** Milliseconds the staff member's transaction took (what their page waits for). */
  transactionMs: number;
  /** Milliseconds this confirmation started after its slot in the open loop (the generator's own lag). */
  lateMs: number;
  error?: string;
}

/**
 * Staff confirmations as the admin's POST /:id/confirm makes them: confirmReservation and the message
 * in one transaction with the audit line (withAudit, adminNotifier). Open loop: confirmation i starts
 * at i / perSecond seconds whether or not the earlier ones have finished, as independent staff would.
 */
export async function confirmAtRate(options: {
  db: Db;
  notifierOn: NotifierOn;
  staffId: number;
  reservationIds: readonly number[];
  perSecond: number;
}): Promise<Commit[]> {
  const { db, staffId } = options;
  const notifier = adminNotifier({ notifierOn: options.notifierOn });
  const gapMs = 1000 / options.perSecond;
  const confirmOne = async (reservationId: number, lateMs: number): Promise<Commit> => {
    const began = performance.now();
    try {
      await withAudit(
        db,
        async (tx) => {
          await confirmReservation(tx, { reservationId, staffId, now: new Date() });
          return notifier.reservationConfirmed(tx, reservationId);
        },
        { staffId, action: 'reservation.confirm', entityType: 'reservation', entityId: reservationId },
      );
      return { reservationId, committedAt: Date.now(), transactionMs: performance.now() - began, lateMs };
    } catch (error) {
      const transactionMs = performance.now() - began;
      return { reservationId, committedAt: Date.now(), transactionMs, lateMs, error: String(error) };
    }
  };
  const started = performance.now();
  const running: Promise<Commit>[] = [];
  for (const [index, reservationId] of options.reservationIds.entries()) {
    const slot = started + index * gapMs;
    const wait = slot - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(confirmOne(reservationId, Math.max(0, performance.now() - slot)));
  }
  return Promise.all(running);
}
