import { Hono } from 'hono';
import { isAppError } from '../../../src/errors.ts';
import { errorMessage } from '../../../src/i18n/index.ts';
import {
  cancelReservation,
  completeReservation,
  confirmReservation,
  getReservation,
  markNoShow,
  rescheduleReservation,
} from '../../../src/reservations/index.ts';
import type { AuditAction, AuditEntry } from '../../../src/staff/index.ts';
import { zonedTimeToInstant } from '../../../src/time.ts';
import type { AdminContext, AdminEnv, NotifyOutcome } from '../../env.ts';
import { readForm, text, validate } from '../../forms.ts';
import { when } from '../../ui/format.ts';
import { pageContext } from '../../ui/page-context.ts';
import { flashRedirect, idParam, withAudit } from '../helpers.ts';
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
    let notified: NotifyOutcome;
    try {
      notified = await withAudit(
        deps.db,
        async (tx) => {
          await confirmReservation(tx, { reservationId: id, staffId, now: deps.clock() });
          return deps.notifier.reservationConfirmed(tx, id);
        },
        entry(staffId, id, 'reservation.confirm'),
      );
    } catch (error) {
      return view.transitionError(c, id, error);
    }
    return flashRedirect(c, `/admin/reservations/${id}`, 'confirmed', notified);
  });

  app.post('/:id/complete', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    let notified: NotifyOutcome;
    try {
      ({ notified } = await withAudit(
        deps.db,
        async (tx) => {
          const result = await completeReservation(tx, { reservationId: id, staffId, now: deps.clock() });
          const membershipUpgraded = result.credit.membershipUpgraded === true;
          return { result, notified: await deps.notifier.reservationCompleted(tx, id, { membershipUpgraded }) };
        },
        ({ result }) => entry(staffId, id, 'reservation.complete', { credit: { ...result.credit } }),
      ));
    } catch (error) {
      return view.transitionError(c, id, error);
    }
    return flashRedirect(c, `/admin/reservations/${id}`, 'completed', notified);
  });

  // No message to the customer: a no-show is the studio's record, not news for them.
  app.post('/:id/no-show', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    try {
      await withAudit(
        deps.db,
        (tx) => markNoShow(tx, { reservationId: id, staffId, now: deps.clock() }),
        entry(staffId, id, 'reservation.noShow'),
      );
    } catch (error) {
      return view.transitionError(c, id, error);
    }
    return flashRedirect(c, `/admin/reservations/${id}`, 'noShow');
  });

  app.post('/:id/cancel', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    const form = await readForm(c);
    const parsed = validate(cancelFormSchema, { reason: text(form, 'reason') });
    if (!parsed.ok) return view.render(c, id, { errors: parsed.errors, status: 400 });
    const { reason } = parsed.data;
    let notified: NotifyOutcome;
    try {
      notified = await withAudit(
        deps.db,
        async (tx) => {
          await cancelReservation(tx, { reservationId: id, by: 'staff', staffId, reason, now: deps.clock() });
          return deps.notifier.reservationCancelled(tx, id, reason);
        },
        entry(staffId, id, 'reservation.cancel', { reason }),
      );
    } catch (error) {
      return view.transitionError(c, id, error);
    }
    return flashRedirect(c, `/admin/reservations/${id}`, 'cancelled', notified);
  });

  app.post('/:id/reschedule', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    const form = await readForm(c);
    const values = {
      date: text(form, 'date'),
      time: text(form, 'time'),
      allowDoubleBooking: text(form, 'allowDoubleBooking'),
    };
    const parsed = validate(rescheduleFormSchema, values);
    if (!parsed.ok) return view.render(c, id, { errors: parsed.errors, values, status: 400 });
    const startAt = zonedTimeToInstant(parsed.data.date, parsed.data.time, deps.timeZone);
    let notified: NotifyOutcome;
    try {
      const to = startAt.toISOString();
      ({ notified } = await withAudit(
        deps.db,
        async (tx) => {
          const before = await getReservation(tx, id);
          await rescheduleReservation(tx, {
            reservationId: id,
            startAt,
            staffId,
            now: deps.clock(),
            timeZone: deps.timeZone,
            allowDoubleBooking: values.allowDoubleBooking === '1',
          });
          return {
            from: before?.startAt.toISOString(),
            notified: await deps.notifier.reservationRescheduled(tx, id),
          };
        },
        ({ from }) => entry(staffId, id, 'reservation.reschedule', { from, to }),
      ));
    } catch (error) {
      if (isAppError(error, 'CUSTOMER_DOUBLE_BOOKED')) {
        const other = error.details as { code: string; startAt: Date };
        const ctx = pageContext(c, deps.timeZone);
        const message = ctx.t('admin.res.doubleBooked', { code: other.code, when: when(ctx, other.startAt) });
        return view.render(c, id, {
          errors: { time: message, allowDoubleBooking: message },
          values: { ...values, allowDoubleBooking: '' },
          status: 409,
        });
      }
      const code = slotCodes.find((k) => isAppError(error, k));
      if (code) {
        const message = errorMessage(c.get('locale'), code);
        return view.render(c, id, { errors: { time: message }, values, status: 409 });
      }
      return view.transitionError(c, id, error);
    }
    return flashRedirect(c, `/admin/reservations/${id}`, 'rescheduled', notified);
  });

  return app;
}
