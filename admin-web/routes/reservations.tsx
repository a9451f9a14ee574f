import { type Context, Hono } from 'hono';
import { isAppError } from '../../src/errors.ts';
import { errorMessage } from '../../src/i18n/index.ts';
import {
  cancelReservation,
  completeReservation,
  confirmReservation,
  getReservation,
  getReservationDetail,
  listReservations,
  rescheduleReservation,
} from '../../src/reservations/index.ts';
import { listAudit, recordAudit, staffNames } from '../../src/staff/index.ts';
import { addDays, parseIsoDate } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, readForm, text, validate } from '../forms.ts';
import { CalendarPage } from '../pages/reservations/calendar.tsx';
import { DetailPage } from '../pages/reservations/detail.tsx';
import { ListPage, type ListQuery } from '../pages/reservations/list.tsx';
import { isoDay, when } from '../ui/format.ts';
import { pageContext } from '../ui/page-context.ts';
import { flashRedirect, idParam, instantAt, notifyCustomer } from './helpers.ts';
import { searchReservations } from './reservation-search.ts';
import { cancelFormSchema, listQuerySchema, rescheduleFormSchema } from './reservations.schema.ts';

const PAGE_SIZE = 30;

export function reservationRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('reservations'));

  app.get('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const raw = {
      status: c.req.query('status') ?? '',
      from: c.req.query('from') ?? '',
      to: c.req.query('to') ?? '',
      q: c.req.query('q') ?? '',
      cursor: c.req.query('cursor') ?? '',
    };
    const shown: ListQuery = { status: raw.status, from: raw.from, to: raw.to, q: raw.q };
    const parsed = validate(listQuerySchema, raw);
    if (!parsed.ok) {
      return c.html(
        <ListPage
          ctx={ctx}
          today={isoDay(ctx, deps.clock())}
          query={shown}
          rows={[]}
          nextCursor={undefined}
          cursor=""
          errors={parsed.errors}
        />,
        400,
      );
    }
    const q = parsed.data;
    const filters = {
      status: q.status || undefined,
      from: q.from ? instantAt(q.from, '00:00', deps.timeZone) : undefined,
      to: q.to ? instantAt(addDays(q.to, 1), '00:00', deps.timeZone) : undefined,
    };
    // Waiting work and a chosen period read best soonest-first; the whole history newest-first.
    const waiting =
      q.status === 'awaiting_confirmation' || q.status === 'pending_payment' || q.status === 'confirmed';
    const order = waiting || q.from ? 'asc' : 'desc';
    const page = q.q
      ? await searchReservations(deps.db, q.q, filters, {
          cursor: q.cursor || undefined,
          limit: PAGE_SIZE,
          order,
        })
      : await listReservations(deps.db, {
          ...filters,
          cursor: q.cursor || undefined,
          limit: PAGE_SIZE,
          order,
        });
    return c.html(
      <ListPage
        ctx={ctx}
        today={isoDay(ctx, deps.clock())}
        query={shown}
        rows={page.rows}
        nextCursor={page.nextCursor}
        cursor={q.cursor}
      />,
    );
  });

  const renderDetail = async (
    c: Context<AdminEnv>,
    id: number,
    extra: {
      alert?: string;
      errors?: FieldErrors;
      values?: Record<string, string>;
      status?: 200 | 400 | 409;
    } = {},
  ) => {
    const ctx = pageContext(c, deps.timeZone);
    const detail = await getReservationDetail(deps.db, id);
    const r = detail.reservation;
    const [names, audit] = await Promise.all([
      staffNames(deps.db, [r.confirmedById, r.cancelledById, r.completedById]),
      listAudit(deps.db, { entityType: 'reservation', entityId: id, limit: 20 }),
    ]);
    return c.html(
      <DetailPage
        ctx={ctx}
        detail={detail}
        names={names}
        audit={audit}
        alert={extra.alert}
        errors={extra.errors}
        values={extra.values}
      />,
      extra.status ?? 200,
    );
  };

  app.get('/:id', (c) => renderDetail(c, idParam(c)));

  /** "Sudah dikonfirmasi oleh Rina (14.02 WIB)": what a second staff member sees after losing a race. */
  const alreadyDoneMessage = async (c: Parameters<typeof renderDetail>[0], id: number) => {
    const ctx = pageContext(c, deps.timeZone);
    const r = await getReservation(deps.db, id);
    if (!r) return errorMessage(ctx.locale, 'ALREADY_DONE');
    const byId =
      r.status === 'confirmed'
        ? r.confirmedById
        : r.status === 'completed'
          ? r.completedById
          : r.cancelledById;
    const at =
      r.status === 'confirmed' ? r.confirmedAt : r.status === 'completed' ? r.completedAt : r.cancelledAt;
    const name = (await staffNames(deps.db, [byId])).get(byId ?? 0) ?? ctx.t('admin.res.by.system');
    return ctx.t(`admin.res.already.${r.status}`, { name, at: at ? when(ctx, at) : '' });
  };

  const transitionError = async (c: Parameters<typeof renderDetail>[0], id: number, error: unknown) => {
    if (isAppError(error, 'ALREADY_DONE'))
      return renderDetail(c, id, { alert: await alreadyDoneMessage(c, id), status: 409 });
    if (isAppError(error, 'INVALID_TRANSITION')) {
      return renderDetail(c, id, { alert: errorMessage(c.get('locale'), 'INVALID_TRANSITION'), status: 409 });
    }
    throw error;
  };

  app.post('/:id/confirm', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    try {
      await deps.db.transaction(async (tx) => {
        await confirmReservation(tx, { reservationId: id, staffId, now: deps.clock() });
        await recordAudit(tx, {
          staffId,
          action: 'reservation.confirm',
          entityType: 'reservation',
          entityId: id,
        });
      });
    } catch (error) {
      return transitionError(c, id, error);
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
      membershipUpgraded = await deps.db.transaction(async (tx) => {
        const done = await completeReservation(tx, { reservationId: id, staffId, now: deps.clock() });
        await recordAudit(tx, {
          staffId,
          action: 'reservation.complete',
          entityType: 'reservation',
          entityId: id,
          details: { credit: { ...done.credit } },
        });
        return done.credit.membershipUpgraded === true;
      });
    } catch (error) {
      return transitionError(c, id, error);
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
    if (!parsed.ok) return renderDetail(c, id, { errors: parsed.errors, status: 400 });
    try {
      await deps.db.transaction(async (tx) => {
        await cancelReservation(tx, {
          reservationId: id,
          by: 'staff',
          staffId,
          reason: parsed.data.reason,
          now: deps.clock(),
        });
        await recordAudit(tx, {
          staffId,
          action: 'reservation.cancel',
          entityType: 'reservation',
          entityId: id,
          details: { reason: parsed.data.reason },
        });
      });
    } catch (error) {
      return transitionError(c, id, error);
    }
    const notified = await notifyCustomer(deps, 'reservation cancelled', () =>
      deps.notifier.reservationCancelled(id, parsed.data.reason),
    );
    return flashRedirect(c, `/admin/reservations/${id}`, 'cancelled', notified);
  });

  app.post('/:id/reschedule', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    const form = await readForm(c);
    const values = { date: text(form, 'date'), time: text(form, 'time') };
    const parsed = validate(rescheduleFormSchema, values);
    if (!parsed.ok) return renderDetail(c, id, { errors: parsed.errors, values, status: 400 });
    const startAt = instantAt(parsed.data.date, parsed.data.time, deps.timeZone);
    try {
      await deps.db.transaction(async (tx) => {
        const before = await getReservation(tx, id);
        await rescheduleReservation(tx, {
          reservationId: id,
          startAt,
          staffId,
          now: deps.clock(),
          timeZone: deps.timeZone,
        });
        await recordAudit(tx, {
          staffId,
          action: 'reservation.reschedule',
          entityType: 'reservation',
          entityId: id,
          details: { from: before?.startAt.toISOString(), to: startAt.toISOString() },
        });
      });
    } catch (error) {
      const slotCodes = ['SLOT_FULL', 'SLOT_INVALID', 'SLOT_IN_PAST', 'STUDIO_CLOSED'] as const;
      const code = slotCodes.find((k) => isAppError(error, k));
      if (code) {
        const message = errorMessage(c.get('locale'), code);
        return renderDetail(c, id, { errors: { time: message }, values, status: 409 });
      }
      return transitionError(c, id, error);
    }
    const notified = await notifyCustomer(deps, 'reservation rescheduled', () =>
      deps.notifier.reservationRescheduled(id),
    );
    return flashRedirect(c, `/admin/reservations/${id}`, 'rescheduled', notified);
  });
  return app;
}

export function calendarRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('reservations'));
  app.get('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const view = c.req.query('view') === 'day' ? 'day' : 'week';
    const todayIso = isoDay(ctx, deps.clock());
    const today = parseIsoDate(todayIso)!;
    const asked = parseIsoDate(c.req.query('date') ?? '') ?? today;
    // Weeks start on Monday, as Indonesian wall calendars do.
    const weekday = new Date(Date.UTC(asked.year, asked.month - 1, asked.day)).getUTCDay();
    const start = view === 'day' ? asked : addDays(asked, -((weekday + 6) % 7));
    const days = Array.from({ length: view === 'day' ? 1 : 7 }, (_, i) => addDays(start, i));
    const page = await listReservations(deps.db, {
      status: ['pending_payment', 'awaiting_confirmation', 'confirmed', 'completed'],
      from: instantAt(start, '00:00', deps.timeZone),
      to: instantAt(addDays(start, days.length), '00:00', deps.timeZone),
      order: 'asc',
      limit: 200,
    });
    return c.html(
      <CalendarPage ctx={ctx} view={view} start={start} days={days} rows={page.rows} today={todayIso} />,
    );
  });
  return app;
}
