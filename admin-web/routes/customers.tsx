import { type Context, Hono } from 'hono';
import {
  anonymizeCustomer,
  createCustomerByStaff,
  getCustomer,
  listIdentities,
  searchCustomers,
  setMembership,
  updateCustomer,
} from '../../src/customers/index.ts';
import { isAppError } from '../../src/errors.ts';
import { listCustomerComplaints, listRatings } from '../../src/feedback/index.ts';
import { errorMessage } from '../../src/i18n/index.ts';
import { adjustPoints, getPointsSummary } from '../../src/loyalty/index.ts';
import { listCustomerReservations } from '../../src/reservations/index.ts';
import { canAdjustPoints, recordAudit } from '../../src/staff/index.ts';
import { ForbiddenArea, requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, type FormData, readForm, text, validate } from '../forms.ts';
import { type DetailData, DetailPage } from '../pages/customers/detail.tsx';
import { CustomerFormPage, type FormValues } from '../pages/customers/form.tsx';
import { ListPage } from '../pages/customers/list.tsx';
import { pageContext } from '../ui/page-context.ts';
import { customerFormSchema, membershipFormSchema, pointsFormSchema } from './customers.schema.ts';
import { csvResponse, flashRedirect, idParam, jsonValidationError, toCsv } from './helpers.ts';

function customerFormInput(form: FormData) {
  return {
    name: text(form, 'name'),
    phone: text(form, 'phone'),
    email: text(form, 'email'),
    address: text(form, 'address'),
    notes: text(form, 'notes'),
    membership: text(form, 'membership') || 'regular',
    locale: text(form, 'locale') || 'id',
    promoOptIn: text(form, 'promoOptIn') === '1',
  };
}

/** A domain error on the customer form, placed next to its field with a translated text. */
function domainFieldErrors(locale: 'id' | 'en', error: unknown): FieldErrors | undefined {
  if (isAppError(error, 'PHONE_TAKEN')) return { phone: 'admin.v.phoneTaken' };
  if (isAppError(error, 'PHONE_INVALID')) return { phone: 'admin.v.phone' };
  if (isAppError(error, 'VALIDATION')) {
    const errors: FieldErrors = {};
    for (const f of error.fields) errors[f.field] ??= errorMessage(locale, 'VALIDATION');
    return errors;
  }
  return undefined;
}

const PAGE_SIZE = 30;

export function customerRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('customers'));
  const requirePointsRole = (c: Context<AdminEnv>) => {
    if (!canAdjustPoints(c.get('staff').role)) throw new ForbiddenArea('rewards');
  };

  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const cursorRaw = c.req.query('cursor') ?? '';
    const cursor = /^\d{1,12}$/.test(cursorRaw) ? cursorRaw : '';
    const page = await searchCustomers(deps.db, {
      query: q || undefined,
      cursor: cursor || undefined,
      limit: PAGE_SIZE,
    });
    return c.html(
      <ListPage
        ctx={pageContext(c, deps.timeZone)}
        q={q}
        rows={page.rows}
        nextCursor={page.nextCursor}
        cursor={cursor}
      />,
    );
  });

  app.get('/export.csv', async (c) => {
    const t = c.get('t');
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const rows: Array<Array<string | number | null>> = [
      [
        t('admin.common.code'),
        t('admin.common.name'),
        t('admin.common.phone'),
        t('admin.common.email'),
        t('admin.cus.membership'),
        t('admin.cus.points'),
        t('admin.cus.promoOptIn'),
        t('admin.common.createdAt'),
      ],
    ];
    // Pages of 100 by id keyset: the whole list without one huge query holding the pool.
    let cursor: string | undefined;
    do {
      const page = await searchCustomers(deps.db, { query: q || undefined, cursor, limit: 100 });
      for (const r of page.rows) {
        rows.push([
          r.code,
          r.name,
          r.phone,
          r.email,
          r.membership,
          r.pointsBalance,
          r.promoOptIn ? 1 : 0,
          r.createdAt.toISOString(),
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

  app.get('/new', (c) =>
    c.html(<CustomerFormPage ctx={pageContext(c, deps.timeZone)} values={{ promoOptIn: true }} />),
  );

  app.post('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const input = customerFormInput(await readForm(c));
    const parsed = validate(customerFormSchema, input);
    if (!parsed.ok) return c.html(<CustomerFormPage ctx={ctx} values={input} errors={parsed.errors} />, 400);
    try {
      const customer = await deps.db.transaction(async (tx) => {
        const row = await createCustomerByStaff(tx, parsed.data);
        await recordAudit(tx, {
          staffId: ctx.staff.id,
          action: 'customer.create',
          entityType: 'customer',
          entityId: row.id,
        });
        return row;
      });
      return flashRedirect(c, `/admin/customers/${customer.id}`, 'created');
    } catch (error) {
      const errors = domainFieldErrors(ctx.locale, error);
      if (errors)
        return c.html(
          <CustomerFormPage ctx={ctx} values={input} errors={errors} />,
          isAppError(error, 'PHONE_TAKEN') ? 409 : 400,
        );
      throw error;
    }
  });

  const loadDetail = async (id: number): Promise<DetailData> => {
    const customer = await getCustomer(deps.db, id);
    const [identities, reservations, points, ratings, complaints] = await Promise.all([
      listIdentities(deps.db, id),
      listCustomerReservations(deps.db, id),
      getPointsSummary(deps.db, id, { limit: 50 }),
      listRatings(deps.db, { customerId: id, limit: 20 }),
      listCustomerComplaints(deps.db, id),
    ]);
    return { customer, identities, reservations, points, ratings: ratings.rows, complaints };
  };

  app.get('/:id', async (c) =>
    c.html(<DetailPage ctx={pageContext(c, deps.timeZone)} data={await loadDetail(idParam(c))} />),
  );

  app.get('/:id/edit', async (c) => {
    const customer = await getCustomer(deps.db, idParam(c));
    if (customer.anonymizedAt) return c.redirect(`/admin/customers/${customer.id}`, 303);
    const values: FormValues = {
      name: customer.name,
      phone: customer.phone ?? '',
      email: customer.email ?? '',
      address: customer.address ?? '',
      notes: customer.notes ?? '',
      membership: customer.membership,
      locale: customer.locale,
      promoOptIn: customer.promoOptIn,
    };
    return c.html(
      <CustomerFormPage ctx={pageContext(c, deps.timeZone)} customer={customer} values={values} />,
    );
  });

  app.post('/:id', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const customer = await getCustomer(deps.db, idParam(c));
    const input = customerFormInput(await readForm(c));
    const parsed = validate(customerFormSchema, input);
    if (!parsed.ok)
      return c.html(
        <CustomerFormPage ctx={ctx} customer={customer} values={input} errors={parsed.errors} />,
        400,
      );
    // Membership is changed from the detail page by admins; staff editing contact details keep it.
    const { membership, ...contact } = parsed.data;
    const patch = canAdjustPoints(ctx.staff.role) ? parsed.data : contact;
    void membership;
    try {
      await deps.db.transaction(async (tx) => {
        await updateCustomer(tx, customer.id, patch);
        await recordAudit(tx, {
          staffId: ctx.staff.id,
          action: 'customer.update',
          entityType: 'customer',
          entityId: customer.id,
        });
      });
    } catch (error) {
      const errors = domainFieldErrors(ctx.locale, error);
      if (errors)
        return c.html(
          <CustomerFormPage ctx={ctx} customer={customer} values={input} errors={errors} />,
          isAppError(error, 'PHONE_TAKEN') ? 409 : 400,
        );
      throw error;
    }
    return flashRedirect(c, `/admin/customers/${customer.id}`, 'saved');
  });

  app.post('/:id/membership', async (c) => {
    requirePointsRole(c);
    const id = idParam(c);
    const parsed = validate(membershipFormSchema, { membership: text(await readForm(c), 'membership') });
    if (!parsed.ok) return jsonValidationError(c, parsed.errors);
    await deps.db.transaction(async (tx) => {
      await setMembership(tx, id, parsed.data.membership);
      await recordAudit(tx, {
        staffId: c.get('staff').id,
        action: 'customer.membership',
        entityType: 'customer',
        entityId: id,
        details: parsed.data,
      });
    });
    return flashRedirect(c, `/admin/customers/${id}`, 'saved');
  });

  app.post('/:id/points', async (c) => {
    requirePointsRole(c);
    const id = idParam(c);
    const form = await readForm(c);
    const values = { delta: text(form, 'delta'), note: text(form, 'note') };
    const back = text(form, 'back') === 'rewards' ? `/admin/rewards/${id}` : `/admin/customers/${id}`;
    const parsed = validate(pointsFormSchema, values);
    const renderError = async (errors: FieldErrors, status: 400 | 409) =>
      c.html(
        <DetailPage
          ctx={pageContext(c, deps.timeZone)}
          data={await loadDetail(id)}
          errors={errors}
          values={values}
        />,
        status,
      );
    if (!parsed.ok) return renderError(parsed.errors, 400);
    const staffId = c.get('staff').id;
    try {
      await deps.db.transaction(async (tx) => {
        await adjustPoints(tx, { customerId: id, delta: parsed.data.delta, note: parsed.data.note, staffId });
        await recordAudit(tx, {
          staffId,
          action: 'points.adjust',
          entityType: 'customer',
          entityId: id,
          details: parsed.data,
        });
      });
    } catch (error) {
      if (isAppError(error, 'POINTS_INSUFFICIENT'))
        return renderError({ delta: 'admin.v.pointsInsufficient' }, 409);
      throw error;
    }
    return flashRedirect(c, back, 'pointsAdjusted');
  });

  app.post('/:id/anonymize', async (c) => {
    requirePointsRole(c);
    const id = idParam(c);
    await deps.db.transaction(async (tx) => {
      await anonymizeCustomer(tx, id);
      await recordAudit(tx, {
        staffId: c.get('staff').id,
        action: 'customer.anonymize',
        entityType: 'customer',
        entityId: id,
      });
    });
    return flashRedirect(c, `/admin/customers/${id}`, 'anonymized');
  });
  return app;
}
