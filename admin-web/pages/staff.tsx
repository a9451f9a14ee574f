import type { FC } from 'hono/jsx';
import { staffRoles } from '../../db/schema/index.ts';
import type { Translate } from '../../src/i18n/index.ts';
import type { AuditLine, StaffAccount } from '../../src/staff/index.ts';
import type { FieldErrors } from '../forms.ts';
import { bindForm } from '../ui/bound-form.tsx';
import {
  Card,
  Checkbox,
  Csrf,
  FieldError,
  FormErrorSummary,
  href,
  Pager,
  SaveOrCancel,
} from '../ui/components.tsx';
import { shortWhen } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, translateMaybe } from '../ui/page-context.ts';
import { ActiveBadge, DataTable } from '../ui/table.tsx';

export type Values = Record<string, string | boolean>;
const roleOptions = (ctx: PageContext) =>
  staffRoles.map((r) => ({ value: r, label: ctx.t(`admin.role.${r}`) }));
export const StaffPage: FC<{
  ctx: PageContext;
  staff: StaffAccount[];
  values: Values;
  errors?: FieldErrors;
}> = ({ ctx, staff, values, errors }) => {
  const { t } = ctx;
  const { Field, Select, value: v } = bindForm(t, values, errors);
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
          <Field name="name" label={t('admin.common.name')} required />
          <Field name="email" type="email" label={t('admin.common.email')} required autocomplete="off" />
          <Select
            name="role"
            label={t('admin.stf.role')}
            value={v('role') || 'staff'}
            options={roleOptions(ctx)}
          />
          <Field
            name="password"
            type="password"
            label={t('admin.stf.initialPassword')}
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
export const EditPage: FC<{
  ctx: PageContext;
  account: StaffAccount;
  values: Values;
  errors?: FieldErrors;
}> = ({ ctx, account, values, errors }) => {
  const { t } = ctx;
  const { Field, Select } = bindForm(t, values, errors);
  return (
    <Layout ctx={ctx} title={account.name}>
      <Card title={account.email}>
        <FormErrorSummary t={t} errors={errors} />
        <form method="post" action={`/admin/staff/${account.id}`} class="stack">
          <Csrf ctx={ctx} />
          <Field name="name" label={t('admin.common.name')} required />
          <Select name="role" label={t('admin.stf.role')} options={roleOptions(ctx)} />
          <Checkbox name="active" label={t('admin.common.active')} checked={values.active !== false} />
          <Field
            name="password"
            type="password"
            label={t('admin.stf.resetPassword')}
            hint={t('admin.stf.resetHint')}
            autocomplete="new-password"
          />
          <SaveOrCancel t={t} cancelHref="/admin/staff" />
        </form>
      </Card>
    </Layout>
  );
};
const entityPaths: Record<string, string> = {
  reservation: 'reservations',
  customer: 'customers',
  complaint: 'complaints',
  broadcast: 'broadcasts',
  staff: 'staff',
};
/** "Reservasi #30": what kind of record, so a bare number is not left to guess. */
const entityLink = (t: Translate, type: string, id: string | null) => {
  if (!id) return null;
  const label = `${translateMaybe(t, `admin.audit.entity.${type}`)} #${id}`;
  const path = entityPaths[type];
  return path ? <a href={`/admin/${path}/${id}`}>{label}</a> : label;
};
export const AuditPage: FC<{
  ctx: PageContext;
  rows: AuditLine[];
  nextCursor: string | undefined;
  cursor: string;
  errors?: FieldErrors | undefined;
}> = ({ ctx, rows, nextCursor, cursor, errors }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.stf.audit')}>
      <Card>
        <FieldError t={t} name="cursor" errors={errors} />
        <DataTable
          count={rows.length}
          empty={t('admin.audit.none')}
          columns={[
            t('admin.audit.when'),
            t('admin.audit.who'),
            t('admin.audit.what'),
            t('admin.audit.record'),
          ]}
        >
          {rows.map((a) => (
            <tr>
              <td class="small nowrap">{shortWhen(ctx, a.createdAt)}</td>
              <td>{a.staffName ?? '—'}</td>
              <td>{translateMaybe(t, `admin.audit.${a.action}`)}</td>
              <td>{entityLink(t, a.entityType, a.entityId)}</td>
            </tr>
          ))}
        </DataTable>
        <Pager
          t={t}
          nextHref={nextCursor ? href('/admin/staff/audit', { cursor: nextCursor }) : undefined}
          firstHref={cursor ? '/admin/staff/audit' : undefined}
        />
      </Card>
    </Layout>
  );
};
