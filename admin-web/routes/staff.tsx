import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { z } from 'zod';
import { staffRoles } from '../../db/schema/index.ts';
import { isAppError } from '../../src/errors.ts';
import {
  createStaff,
  getStaff,
  listAudit,
  listStaff,
  recordAudit,
  resetStaffPassword,
  type StaffAccount,
  updateStaff,
} from '../../src/staff/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, readForm, text, validate } from '../forms.ts';
import { Card, Checkbox, Csrf, Field, FormErrorSummary, SaveOrCancel, Select } from '../ui/components.tsx';
import { shortWhen } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext, translateMaybe } from '../ui/page-context.ts';
import { ActiveBadge, DataTable } from '../ui/table.tsx';
import { flashRedirect, idParam } from './helpers.ts';

const roleSelect = z.enum(staffRoles, 'admin.v.choose');
export const newStaffSchema = z.object({
  name: z.string().trim().min(1, 'admin.v.required').max(100, 'admin.v.tooLong'),
  email: z.string().trim().toLowerCase().pipe(z.email('admin.v.email')),
  role: roleSelect,
  password: z.string().min(8, 'admin.v.passwordShort').max(200, 'admin.v.tooLong'),
});
export const editStaffSchema = z.object({
  name: z.string().trim().min(1, 'admin.v.required').max(100, 'admin.v.tooLong'),
  role: roleSelect,
  active: z.boolean(),
  password: z
    .string()
    .refine((v) => v === '' || v.length >= 8, 'admin.v.passwordShort')
    .refine((v) => v.length <= 200, 'admin.v.tooLong'),
});

type Values = Record<string, string | boolean>;

const roleOptions = (ctx: PageContext) =>
  staffRoles.map((r) => ({ value: r, label: ctx.t(`admin.role.${r}`) }));

const StaffPage: FC<{ ctx: PageContext; staff: StaffAccount[]; values: Values; errors?: FieldErrors }> = ({
  ctx,
  staff,
  values,
  errors,
}) => {
  const { t } = ctx;
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.staff')}
      actions={
        <a class="btn secondary" href="/admin/staff/audit">
          {t('admin.stf.audit')}
        </a>
      }
    >
      <Card>
        <DataTable
          columns={[
            t('admin.common.name'),
            t('admin.stf.role'),
            t('admin.stf.lastLogin'),
            t('admin.common.status'),
          ]}
        >
          {staff.map((s) => (
            <tr class="row-link">
              <td>
                <a href={`/admin/staff/${s.id}`}>{s.name}</a>
                <div class="muted small">{s.email}</div>
              </td>
              <td>{t(`admin.role.${s.role}`)}</td>
              <td class="small">{s.lastLoginAt ? shortWhen(ctx, s.lastLoginAt) : '—'}</td>
              <td>
                <ActiveBadge t={t} active={s.active} />
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
      <Card title={t('admin.stf.new')}>
        <FormErrorSummary t={t} errors={errors} />
        <form method="post" action="/admin/staff" class="stack">
          <Csrf ctx={ctx} />
          <Field
            t={t}
            name="name"
            label={t('admin.common.name')}
            value={v('name')}
            errors={errors}
            required
          />
          <Field
            t={t}
            name="email"
            type="email"
            label={t('admin.common.email')}
            value={v('email')}
            errors={errors}
            required
            autocomplete="off"
          />
          <Select
            t={t}
            name="role"
            label={t('admin.stf.role')}
            value={v('role') || 'staff'}
            errors={errors}
            options={roleOptions(ctx)}
          />
          <Field
            t={t}
            name="password"
            type="password"
            label={t('admin.stf.initialPassword')}
            errors={errors}
            hint={t('admin.password.hint')}
            autocomplete="new-password"
            required
          />
          <div>
            <button type="submit" class="btn primary">
              {t('admin.stf.create')}
            </button>
          </div>
        </form>
      </Card>
    </Layout>
  );
};

const EditPage: FC<{ ctx: PageContext; account: StaffAccount; values: Values; errors?: FieldErrors }> = ({
  ctx,
  account,
  values,
  errors,
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={account.name}>
      <Card title={account.email}>
        <FormErrorSummary t={t} errors={errors} />
        <form method="post" action={`/admin/staff/${account.id}`} class="stack">
          <Csrf ctx={ctx} />
          <Field
            t={t}
            name="name"
            label={t('admin.common.name')}
            value={String(values.name ?? '')}
            errors={errors}
            required
          />
          <Select
            t={t}
            name="role"
            label={t('admin.stf.role')}
            value={String(values.role ?? '')}
            errors={errors}
            options={roleOptions(ctx)}
          />
          <Checkbox name="active" label={t('admin.common.active')} checked={values.active !== false} />
          <Field
            t={t}
            name="password"
            type="password"
            label={t('admin.stf.resetPassword')}
            errors={errors}
            hint={t('admin.stf.resetHint')}
            autocomplete="new-password"
          />
          <SaveOrCancel t={t} cancelHref="/admin/staff" />
        </form>
      </Card>
    </Layout>
  );
};

const entityLink = (type: string, id: string | null) => {
  if (!id) return null;
  const base: Record<string, string> = {
    reservation: 'reservations',
    customer: 'customers',
    complaint: 'complaints',
    broadcast: 'broadcasts',
    staff: 'staff',
  };
  return base[type] ? <a href={`/admin/${base[type]}/${id}`}>#{id}</a> : `#${id}`;
};

const AuditPage: FC<{ ctx: PageContext; rows: Awaited<ReturnType<typeof listAudit>> }> = ({ ctx, rows }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.stf.audit')}>
      <Card>
        <DataTable>
          {rows.map((a) => (
            <tr>
              <td class="small nowrap">{shortWhen(ctx, a.createdAt)}</td>
              <td>{a.staffName ?? '—'}</td>
              <td>{translateMaybe(t, `admin.audit.${a.action}`)}</td>
              <td>{entityLink(a.entityType, a.entityId)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </Layout>
  );
};

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
      await deps.db.transaction(async (tx) => {
        const created = await createStaff(tx, parsed.data);
        await recordAudit(tx, {
          staffId: actor,
          action: 'staff.create',
          entityType: 'staff',
          entityId: created.id,
          details: { role: created.role },
        });
      });
    } catch (error) {
      const errors = domainErrors(error);
      if (errors) return list(c, shown, errors, 409);
      throw error;
    }
    return flashRedirect(c, '/admin/staff', 'created');
  });

  app.get('/audit', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    return c.html(<AuditPage ctx={ctx} rows={await listAudit(deps.db, { limit: 200 })} />);
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
      await deps.db.transaction(async (tx) => {
        const { password, ...patch } = parsed.data;
        await updateStaff(tx, account.id, patch);
        if (password) await resetStaffPassword(tx, account.id, password);
        await recordAudit(tx, {
          staffId: ctx.staff.id,
          action: 'staff.update',
          entityType: 'staff',
          entityId: account.id,
          details: { role: patch.role, active: patch.active, passwordReset: password !== '' },
        });
      });
    } catch (error) {
      const errors = domainErrors(error);
      if (errors) return c.html(<EditPage ctx={ctx} account={account} values={shown} errors={errors} />, 409);
      throw error;
    }
    return flashRedirect(c, '/admin/staff', 'saved');
  });
  return app;
}
