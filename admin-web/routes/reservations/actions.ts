import { Hono } from 'hono';
import { isAppError } from '../../../src/errors.ts';
import { errorMessage } from '../../../src/i18n/index.ts';
import {
  cancelReservation,
  completeReservation,
  confirmReservation,
  getReservation,
  rescheduleReservation,
} from '../../../src/reservations/index.ts';
import type { AuditAction, AuditEntry } from '../../../src/staff/index.ts';
import { zonedTimeToInstant } from '../../../src/time.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { readForm, text, validate } from '../../forms.ts';
import { flashRedirect, idParam, notifyCustomer, withAudit } from '../helpers.ts';
import type { ReservationDetailView } from './detail.tsx';
import { cancelFormSchema, rescheduleFormSchema } from './schemas.ts';

/** Errors of a new time that belong next to the time field rather than on the whole page. */
const slotCodes = ['SLOT_FULL', 'SLOT_INVALID', 'SLOT_IN_PAST', 'STUDIO_CLOSED'] as const;

/** POST /:id/{confirm,complete,cancel,reschedule}: each change lands with its audit line or not at all. */
export function reservationActionRoutes(deps: AdminContext, view: ReservationDetailView): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  const entry = (
    staffId: number,
    reservationId: number,
    action: AuditAction,
    details?: Record<string, unknown>,
  ): AuditEntry => ({ staffId, action, entityType: 'reservation', entityId: reservationId, details });

  app.post('/:id/confirm', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    try {
      await withAudit(
        deps.db,
        (tx) => confirmReservation(tx, { reservationId: id, staffId, now: deps.clock() }),
        entry(staffId, id, 'reservation.confirm'),
      );
    } catch (error) {
      return view.transitionError(c, id, error);
    }
    const notified = await notifyCustomer(deps, 'reservation confirmed', () =>
      deps.notifier.reservationConfirmed(id),
    );
    return flashRedirect(c, `/admin/reservations/${id}`, 'confirmed', notified);
  });

  app.post('/:id/complete', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    let membershipUpgraded = false;
    try {
      const done = await withAudit(
        deps.db,
        (tx) => completeReservation(tx, { reservationId: id, staffId, now: deps.clock() }),
        (result) => entry(staffId, id, 'reservation.complete', { credit: { ...result.credit } }),
      );
      membershipUpgraded = done.credit.membershipUpgraded === true;
    } catch (error) {
      return view.transitionError(c, id, error);
    }
    const notified = await notifyCustomer(deps, 'reservation completed', () =>
      deps.notifier.reservationCompleted(id, { membershipUpgraded }),
    );
    return flashRedirect(c, `/admin/reservations/${id}`, 'completed', notified);
  });

  app.post('/:id/cancel', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    const form = await readForm(c);
    const parsed = validate(cancelFormSchema, { reason: text(form, 'reason') });
    if (!parsed.ok) return view.render(c, id, { errors: parsed.errors, status: 400 });
    const { reason } = parsed.data;
    try {
      await withAudit(
        deps.db,
        (tx) => cancelReservation(tx, { reservationId: id, by: 'staff', staffId, reason, now: deps.clock() }),
        entry(staffId, id, 'reservation.cancel', { reason }),
      );
    } catch (error) {
      return view.transitionError(c, id, error);
    }
    const notified = await notifyCustomer(deps, 'reservation cancelled', () =>
      deps.notifier.reservationCancelled(id, reason),
    );
    return flashRedirect(c, `/admin/reservations/${id}`, 'cancelled', notified);
  });

  app.post('/:id/reschedule', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    const form = await readForm(c);
    const values = { date: text(form, 'date'), time: text(form, 'time') };
    const parsed = validate(rescheduleFormSchema, values);
    if (!parsed.ok) return view.render(c, id, { errors: parsed.errors, values, status: 400 });
    const startAt = zonedTimeToInstant(parsed.data.date, parsed.data.time, deps.timeZone);
    try {
      const to = startAt.toISOString();
      await withAudit(
        deps.db,
        async (tx) => {
          const before = await getReservation(tx, id);
          await rescheduleReservation(tx, {
            reservationId: id,
            startAt,
            staffId,
            now: deps.clock(),
            timeZone: deps.timeZone,
          });
          return before?.startAt.toISOString();
        },
        (from) => entry(staffId, id, 'reservation.reschedule', { from, to }),
      );
    } catch (error) {
      const code = slotCodes.find((k) => isAppError(error, k));
      if (code) {
        const message = errorMessage(c.get('locale'), code);
        return view.render(c, id, { errors: { time: message }, values, status: 409 });
      }
      return view.transitionError(c, id, error);
    }
    const notified = await notifyCustomer(deps, 'reservation rescheduled', () =>
      deps.notifier.reservationRescheduled(id),
    );
    return flashRedirect(c, `/admin/reservations/${id}`, 'rescheduled', notified);
  });

  return app;
}
