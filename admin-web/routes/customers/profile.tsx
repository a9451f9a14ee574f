import { Hono } from 'hono';
import {
  createCustomerByStaff,
  getCustomer,
  listIdentities,
  updateCustomer,
} from '../../../src/customers/index.ts';
import { isAppError } from '../../../src/errors.ts';
import { listCustomerComplaints, listRatings } from '../../../src/feedback/index.ts';
import { errorMessage, formatPhone, type Locale } from '../../../src/i18n/index.ts';
import { getPointsSummary } from '../../../src/loyalty/index.ts';
import { listCustomerReservations } from '../../../src/reservations/index.ts';
import { canAdjustPoints } from '../../../src/staff/index.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { type FieldErrors, type FormData, readForm, text, validate } from '../../forms.ts';
import { type DetailData, DetailPage } from '../../pages/customers/detail.tsx';
import { CustomerFormPage, type FormValues } from '../../pages/customers/form.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { flashRedirect, idParam, withAudit } from '../helpers.ts';
import { customerFormSchema } from './schemas.ts';

/** The detail page shows the latest 50 ledger lines and 20 ratings; older ones are on the rewards page. */
const LEDGER_LINES = 50;
const RATINGS_SHOWN = 20;

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
function domainFieldErrors(locale: Locale, error: unknown): FieldErrors | undefined {
  if (isAppError(error, 'PHONE_TAKEN')) return { phone: 'admin.v.phoneTaken' };
  if (isAppError(error, 'PHONE_INVALID')) return { phone: 'admin.v.phone' };
  if (isAppError(error, 'VALIDATION')) {
    const errors: FieldErrors = {};
    for (const f of error.fields) errors[f.field] ??= errorMessage(locale, 'VALIDATION');
    return errors;
  }
  return undefined;
}

/** Everything the customer page shows, read in parallel. */
export async function loadCustomerDetail(deps: AdminContext, id: number): Promise<DetailData> {
  const customer = await getCustomer(deps.db, id);
  const [identities, reservations, points, ratings, complaints] = await Promise.all([
    listIdentities(deps.db, id),
    listCustomerReservations(deps.db, id),
    getPointsSummary(deps.db, id, { limit: LEDGER_LINES }),
    listRatings(deps.db, { customerId: id, limit: RATINGS_SHOWN }),
    listCustomerComplaints(deps.db, id),
  ]);
  return { customer, identities, reservations, points, ratings: ratings.rows, complaints };
}

/** A new customer entered at the desk, one customer's page, and editing their contact details. */
export function customerProfileRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/new', (c) =>
    c.html(<CustomerFormPage ctx={pageContext(c, deps.timeZone)} values={{ promoOptIn: true }} />),
  );

  app.post('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const input = customerFormInput(await readForm(c));
    const parsed = validate(customerFormSchema, input);
    if (!parsed.ok) return c.html(<CustomerFormPage ctx={ctx} values={input} errors={parsed.errors} />, 400);
    try {
      const customer = await withAudit(
        deps.db,
        (tx) => createCustomerByStaff(tx, parsed.data),
        (row) => ({
          staffId: ctx.staff.id,
          action: 'customer.create',
          entityType: 'customer',
          entityId: row.id,
        }),
      );
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

  app.get('/:id', async (c) =>
    c.html(
      <DetailPage ctx={pageContext(c, deps.timeZone)} data={await loadCustomerDetail(deps, idParam(c))} />,
    ),
  );

  app.get('/:id/edit', async (c) => {
    const customer = await getCustomer(deps.db, idParam(c));
    if (customer.anonymizedAt) return c.redirect(`/admin/customers/${customer.id}`, 303);
    const values: FormValues = {
      name: customer.name,
      // As staff read and type it (+62 812-3456-7890); saving parses it back to the stored +62812….
      phone: customer.phone ? formatPhone(customer.phone) : '',
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
    const { membership: _membership, ...contact } = parsed.data;
    const patch = canAdjustPoints(ctx.staff.role) ? parsed.data : contact;
    try {
      await withAudit(deps.db, (tx) => updateCustomer(tx, customer.id, patch), {
        staffId: ctx.staff.id,
        action: 'customer.update',
        entityType: 'customer',
        entityId: customer.id,
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

  return app;
}
