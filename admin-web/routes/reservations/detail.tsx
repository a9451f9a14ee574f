import { type Context, Hono } from 'hono';
import { isAppError } from '../../../src/errors.ts';
import { errorMessage } from '../../../src/i18n/index.ts';
import { getReservation, getReservationDetail } from '../../../src/reservations/index.ts';
import { messagesAbout } from '../../../src/messaging/outbox-store.ts';
import { listAudit, staffNames } from '../../../src/staff/index.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import type { FieldErrors } from '../../forms.ts';
import { DetailPage } from '../../pages/reservations/detail.tsx';
import { when } from '../../ui/format.ts';
import { pageContext } from '../../ui/page-context.ts';
import { idParam } from '../helpers.ts';

/** The last 20 audit lines: a booking's whole life fits, a disputed one still loads fast. */
const AUDIT_LINES = 20;

export interface DetailExtras {
  alert?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
  status?: 200 | 400 | 409;
}

/** The booking page, also re-shown by the actions with an alert or the form's field errors. */
export function reservationDetailView(deps: AdminContext) {
  const render = async (c: Context<AdminEnv>, id: number, extra: DetailExtras = {}) => {
    const ctx = pageContext(c, deps.timeZone);
    const detail = await getReservationDetail(deps.db, id);
    const r = detail.reservation;
    const [names, audit, messages] = await Promise.all([
      staffNames(deps.db, [r.confirmedById, r.cancelledById, r.completedById]),
      listAudit(deps.db, { entityType: 'reservation', entityId: id, limit: AUDIT_LINES }),
      messagesAbout(deps.db, { reservationId: id }),
    ]);
    return c.html(
      <DetailPage
        ctx={ctx}
        detail={detail}
        names={names}
        audit={audit}
        messages={messages}
        alert={extra.alert}
        errors={extra.errors}
        values={extra.values}
        now={deps.clock()}
      />,
      extra.status ?? 200,
    );
  };

  /** "Sudah dikonfirmasi oleh Rina (14.02 WIB)": what a second staff member sees after losing a race. */
  const alreadyDoneMessage = async (c: Context<AdminEnv>, id: number) => {
    const ctx = pageContext(c, deps.timeZone);
    const r = await getReservation(deps.db, id);
    if (!r) return errorMessage(ctx.locale, 'ALREADY_DONE');
    const done = {
      confirmed: [r.confirmedById, r.confirmedAt],
      completed: [r.completedById, r.completedAt],
      no_show: [r.noShowById, r.noShowAt],
    } as const;
    const [byId, at] =
      r.status in done ? done[r.status as keyof typeof done] : [r.cancelledById, r.cancelledAt];
    const name = (await staffNames(deps.db, [byId])).get(byId ?? 0) ?? ctx.t('admin.res.by.system');
    return ctx.t(`admin.res.already.${r.status}`, { name, at: at ? when(ctx, at) : '' });
  };

  /** A lost race or an action the booking's status no longer allows: 409 with the page and why. */
  const transitionError = async (c: Context<AdminEnv>, id: number, error: unknown) => {
    if (isAppError(error, 'ALREADY_DONE'))
      return render(c, id, { alert: await alreadyDoneMessage(c, id), status: 409 });
    if (isAppError(error, 'SESSION_NOT_STARTED'))
      return render(c, id, { alert: errorMessage(c.get('locale'), 'SESSION_NOT_STARTED'), status: 409 });
    if (isAppError(error, 'INVALID_TRANSITION')) {
      return render(c, id, { alert: errorMessage(c.get('locale'), 'INVALID_TRANSITION'), status: 409 });
    }
    throw error;
  };

  return { render, transitionError };
}

export type ReservationDetailView = ReturnType<typeof reservationDetailView>;

export function reservationDetailRoutes(view: ReservationDetailView): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get('/:id', (c) => view.render(c, idParam(c)));
  return app;
}
