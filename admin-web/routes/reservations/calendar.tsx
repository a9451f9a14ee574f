import { Hono } from 'hono';
import { listReservations, type ReservationListRow } from '../../../src/reservations/index.ts';
import { addDays, parseIsoDate, zonedTimeToInstant } from '../../../src/time.ts';
import { requireArea } from '../../auth.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { CalendarPage } from '../../pages/reservations/calendar.tsx';
import { isoDay } from '../../ui/format.ts';
import { pageContext } from '../../ui/page-context.ts';

/**
 * Bookings are read 200 at a time (the list's largest page) until the period is covered: a full week
 * at the highest capacity (7 days × ~10 slots × 20) is over 1,000 sessions, none of which may go missing.
 */
const CALENDAR_PAGE_ROWS = 200;

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
    const rows: ReservationListRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await listReservations(deps.db, {
        status: ['pending_payment', 'awaiting_confirmation', 'confirmed', 'completed'],
        from: zonedTimeToInstant(start, '00:00', deps.timeZone),
        to: zonedTimeToInstant(addDays(start, days.length), '00:00', deps.timeZone),
        order: 'asc',
        limit: CALENDAR_PAGE_ROWS,
        cursor,
      });
      rows.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor);
    return c.html(
      <CalendarPage ctx={ctx} view={view} start={start} days={days} rows={rows} today={todayIso} />,
    );
  });
  return app;
}
