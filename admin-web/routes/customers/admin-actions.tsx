import { type Context, Hono } from 'hono';
import { anonymizeCustomer, setMembership } from '../../../src/customers/index.ts';
import { isAppError } from '../../../src/errors.ts';
import { adjustPoints } from '../../../src/loyalty/index.ts';
import { canAdjustPoints } from '../../../src/staff/index.ts';
import { ForbiddenArea } from '../../auth.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { type FieldErrors, readForm, text, validate } from '../../forms.ts';
import { DetailPage } from '../../pages/customers/detail.tsx';
import { LedgerPage } from '../../pages/rewards.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { flashRedirect, idParam, jsonValidationError, withAudit } from '../helpers.ts';
import { loadLedger } from '../rewards.tsx';
import { loadCustomerDetail } from './profile.tsx';
import { membershipFormSchema, pointsFormSchema } from './schemas.ts';

/** Membership, points and erasing personal data: money and privacy, so admins and owners only. */
export function customerAdminRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const requireAdminOrOwner = (c: Context<AdminEnv>) => {
    if (!canAdjustPoints(c.get('staff').role)) throw new ForbiddenArea('rewards');
  };

  app.post('/:id/membership', async (c) => {
    requireAdminOrOwner(c);
    const id = idParam(c);
    const parsed = validate(membershipFormSchema, { membership: text(await readForm(c), 'membership') });
    if (!parsed.ok) return jsonValidationError(c, parsed.errors);
    await withAudit(deps.db, (tx) => setMembership(tx, id, parsed.data.membership), {
      staffId: c.get('staff').id,
      action: 'customer.membership',
      entityType: 'customer',
      entityId: id,
      details: parsed.data,
    });
    return flashRedirect(c, `/admin/customers/${id}`, 'saved');
  });

  app.post('/:id/points', async (c) => {
    requireAdminOrOwner(c);
    const id = idParam(c);
    const form = await readForm(c);
    const values = { delta: text(form, 'delta'), note: text(form, 'note') };
    const fromRewards = text(form, 'back') === 'rewards';
    const parsed = validate(pointsFormSchema, values);
    // The refusal is shown on the page the form was sent from, next to the same form.
    const renderError = async (errors: FieldErrors, status: 400 | 409) => {
      const ctx = pageContext(c, deps.timeZone);
      return c.html(
        fromRewards ? (
          <LedgerPage ctx={ctx} {...(await loadLedger(deps, id))} errors={errors} values={values} />
        ) : (
          <DetailPage ctx={ctx} data={await loadCustomerDetail(deps, id)} errors={errors} values={values} />
        ),
        status,
      );
    };
    if (!parsed.ok) return renderError(parsed.errors, 400);
    const staffId = c.get('staff').id;
    try {
      await withAudit(
        deps.db,
        (tx) =>
          adjustPoints(tx, { customerId: id, delta: parsed.data.delta, note: parsed.data.note, staffId }),
        { staffId, action: 'points.adjust', entityType: 'customer', entityId: id, details: parsed.data },
      );
    } catch (error) {
      if (isAppError(error, 'POINTS_INSUFFICIENT'))
        return renderError({ delta: 'admin.v.pointsInsufficient' }, 409);
      throw error;
    }
    return flashRedirect(
      c,
      fromRewards ? `/admin/rewards/${id}` : `/admin/customers/${id}`,
      'pointsAdjusted',
    );
  });

  app.post('/:id/anonymize', async (c) => {
    requireAdminOrOwner(c);
    const id = idParam(c);
    await withAudit(deps.db, (tx) => anonymizeCustomer(tx, id), {
      staffId: c.get('staff').id,
      action: 'customer.anonymize',
      entityType: 'customer',
      entityId: id,
    });
    return flashRedirect(c, `/admin/customers/${id}`, 'anonymized');
  });

  return app;
}
