import { Hono } from 'hono';
import { searchCustomers } from '../../../src/customers/index.ts';
import { zoneAbbreviation } from '../../../src/i18n/index.ts';
import { canExportCustomers, recordAudit } from '../../../src/staff/index.ts';
import { ForbiddenArea } from '../../auth.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { ListPage } from '../../pages/customers/list.tsx';
import { spreadsheetTime } from '../../ui/format.ts';
import { pageContext } from '../../ui/page-context.ts';
import { BAD_CURSOR, csvResponse, toCsv, unlessBadCursor } from '../helpers.ts';

const PAGE_SIZE = 30;
/** Longer search text names no customer and would only slow the trigram match. */
const QUERY_MAX_CHARS = 100;
/** Export pages of 100 by id keyset: the whole list without one huge query holding a pool connection. */
const EXPORT_PAGE_SIZE = 100;

/** GET / (search by name, phone or code) and GET /export.csv (the same list as a spreadsheet). */
export function customerListRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, QUERY_MAX_CHARS);
    const cursor = c.req.query('cursor') ?? '';
    const page = await unlessBadCursor(
      searchCustomers(deps.db, { query: q || undefined, cursor: cursor || undefined, limit: PAGE_SIZE }),
    );
    return c.html(
      <ListPage
        ctx={pageContext(c, deps.timeZone)}
        q={q}
        rows={page?.rows ?? []}
        nextCursor={page?.nextCursor}
        cursor={cursor}
        errors={page ? undefined : BAD_CURSOR}
      />,
      page ? 200 : 400,
    );
  });

  app.get('/export.csv', async (c) => {
    if (!canExportCustomers(c.get('staff').role)) throw new ForbiddenArea('customers');
    const t = c.get('t');
    const q = (c.req.query('q') ?? '').slice(0, QUERY_MAX_CHARS);
    const rows: Array<Array<string | number | null>> = [
      [
        t('admin.common.code'),
        t('admin.common.name'),
        t('admin.common.phone'),
        t('admin.common.email'),
        t('admin.cus.membership'),
        t('admin.cus.points'),
        t('admin.cus.promoOptIn'),
        `${t('admin.common.createdAt')} (${zoneAbbreviation(deps.timeZone)})`,
      ],
    ];
    let cursor: string | undefined;
    do {
      const page = await searchCustomers(deps.db, { query: q || undefined, cursor, limit: EXPORT_PAGE_SIZE });
      for (const r of page.rows) {
        rows.push([
          r.code,
          r.name,
          r.phone,
          r.email,
          r.membership,
          r.pointsBalance,
          r.promoOptIn ? 1 : 0,
          spreadsheetTime(r.createdAt, deps.timeZone),
        ]);
      }
      cursor = page.nextCursor;
    } while (cursor);
    // Personal data leaving the system: who took it, and how many rows.
    await recordAudit(deps.db, {
      staffId: c.get('staff').id,
      action: 'customer.export',
      entityType: 'customer',
      details: { query: q, rows: rows.length - 1 },
    });
    return csvResponse(c, 'pelanggan.csv', toCsv(rows));
  });

  return app;
}
