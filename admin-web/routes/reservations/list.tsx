import { Hono } from 'hono';
import { listReservations, type ReservationPage } from '../../../src/reservations/index.ts';
import { addDays, zonedTimeToInstant } from '../../../src/time.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { type FieldErrors, validate } from '../../forms.ts';
import { ListPage, type ListQuery } from '../../pages/reservations/list.tsx';
import { isoDay } from '../../ui/format.ts';
import { pageContext } from '../../ui/page-context.ts';
import { BAD_CURSOR, unlessBadCursor } from '../helpers.ts';
import { listQuerySchema } from './schemas.ts';

const PAGE_SIZE = 30;

/** GET / : bookings by status and period, or found by code, customer name or phone. */
export function reservationListRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
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
    const today = isoDay(ctx, deps.clock());
    const render = (page: ReservationPage, cursor: string, errors?: FieldErrors) =>
      c.html(
        <ListPage
          ctx={ctx}
          today={today}
          query={shown}
          rows={page.rows}
          nextCursor={page.nextCursor}
          cursor={cursor}
          errors={errors}
        />,
        errors ? 400 : 200,
      );
    const nothing: ReservationPage = { rows: [], nextCursor: undefined };
    const parsed = validate(listQuerySchema, raw);
    if (!parsed.ok) return render(nothing, raw.cursor, parsed.errors);
    const q = parsed.data;
    // Waiting work and a chosen period read best soonest-first; the whole history newest-first.
    const waiting =
      q.status === 'awaiting_confirmation' || q.status === 'pending_payment' || q.status === 'confirmed';
    const page = await unlessBadCursor(
      listReservations(deps.db, {
        status: q.status || undefined,
        from: q.from ? zonedTimeToInstant(q.from, '00:00', deps.timeZone) : undefined,
        to: q.to ? zonedTimeToInstant(addDays(q.to, 1), '00:00', deps.timeZone) : undefined,
        search: q.q || undefined,
        cursor: q.cursor || undefined,
        limit: PAGE_SIZE,
        order: waiting || q.from ? 'asc' : 'desc',
      }),
    );
    return page ? render(page, q.cursor) : render(nothing, q.cursor, BAD_CURSOR);
  });
  return app;
}
