import { type Context, Hono } from 'hono';
import { isAppError } from '../../src/errors.ts';
import {
  createStaff,
  getStaff,
  listAuditPage,
  listStaff,
  resetStaffPassword,
  updateStaff,
} from '../../src/staff/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, readForm, text, validate } from '../forms.ts';
import { AuditPage, EditPage, StaffPage, type Values } from '../pages/staff.tsx';
import { pageContext } from '../ui/page-context.ts';
import { BAD_CURSOR, flashRedirect, idParam, unlessBadCursor, withAudit } from './helpers.ts';
import { editStaffSchema, newStaffSchema } from './staff.schema.ts';

/** Lines per page of the activity log: a busy day's work, still one quick page. */
const AUDIT_PAGE_LINES = 50;

function domainErrors(error: unknown): FieldErrors | undefined {
  if (!isAppError(error) || error.fields.length === 0) return undefined;
  const errors: FieldErrors = {};
  for (const f of error.fields) errors[f.field] ??= f.message;
  return errors;
}
export function staffRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('staff'));
  const list = async (
    c: Context<AdminEnv>,
    values: Values = {},
    errors?: FieldErrors,
    status: 200 | 400 | 409 = 200,
  ) =>
    c.html(
      <StaffPage
        ctx={pageContext(c, deps.timeZone)}
        staff={await listStaff(deps.db)}
        values={values}
        errors={errors}
      />,
      status,
    );

  app.get('/', (c) => list(c));
  app.post('/', async (c) => {
    const form = await readForm(c);
    const values = {
      name: text(form, 'name'),
      email: text(form, 'email'),
      role: text(form, 'role'),
      password: text(form, 'password'),
    };
    const parsed = validate(newStaffSchema, values);
    const shown = { ...values, password: '' };
    if (!parsed.ok) return list(c, shown, parsed.errors, 400);
    const actor = c.get('staff').id;
    try {
      await withAudit(
        deps.db,
        // The owner chose this password: its holder is asked to choose their own at first login.
        (tx) => createStaff(tx, { ...parsed.data, mustChangePassword: true }),
        (created) => ({
          staffId: actor,
          action: 'staff.create',
          entityType: 'staff',
          entityId: created.id,
          details: { role: created.role },
        }),
      );
    } catch (error) {
      const errors = domainErrors(error);
      if (errors) return list(c, shown, errors, 409);
      throw error;
    }
    return flashRedirect(c, '/admin/staff', 'created');
  });

  app.get('/audit', async (c) => {
    const cursor = c.req.query('cursor') ?? '';
    const page = await unlessBadCursor(
      listAuditPage(deps.db, { cursor: cursor || undefined, limit: AUDIT_PAGE_LINES }),
    );
    return c.html(
      <AuditPage
        ctx={pageContext(c, deps.timeZone)}
        rows={page?.rows ?? []}
        nextCursor={page?.nextCursor}
        cursor={cursor}
        errors={page ? undefined : BAD_CURSOR}
      />,
      page ? 200 : 400,
    );
  });

  app.get('/:id', async (c) => {
    const account = await getStaff(deps.db, idParam(c));
    return c.html(
      <EditPage
        ctx={pageContext(c, deps.timeZone)}
        account={account}
        values={{ name: account.name, role: account.role, active: account.active }}
      />,
    );
  });
  app.post('/:id', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const account = await getStaff(deps.db, idParam(c));
    const form = await readForm(c);
    const values = {
      name: text(form, 'name'),
      role: text(form, 'role'),
      active: text(form, 'active') === '1',
      password: text(form, 'password'),
    };
    const parsed = validate(editStaffSchema, values);
    const shown = { ...values, password: '' };
    if (!parsed.ok)
      return c.html(<EditPage ctx={ctx} account={account} values={shown} errors={parsed.errors} />, 400);
    try {
      const { password, ...patch } = parsed.data;
      await withAudit(
        deps.db,
        async (tx) => {
          await updateStaff(tx, account.id, patch);
          if (password) await resetStaffPassword(tx, account.id, password);
        },
        {
          staffId: ctx.staff.id,
          action: 'staff.update',
          entityType: 'staff',
          entityId: account.id,
          details: { role: patch.role, active: patch.active, passwordReset: password !== '' },
        },
      );
    } catch (error) {
      const errors = domainErrors(error);
      if (errors) return c.html(<EditPage ctx={ctx} account={account} values={shown} errors={errors} />, 409);
      throw error;
    }
    return flashRedirect(c, '/admin/staff', 'saved');
  });
  return app;
}
