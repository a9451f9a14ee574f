import type { FC } from 'hono/jsx';
import type { Customer } from '../../../src/customers/index.ts';
import { formatPhone } from '../../../src/i18n/index.ts';
import { canExportCustomers } from '../../../src/staff/index.ts';
import type { FieldErrors } from '../../forms.ts';
import { Badge, FieldError, href, Pager } from '../../ui/components.tsx';
import { CustomerSearch } from '../../ui/customer-search.tsx';
import { shortWhen } from '../../ui/format.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';
import { DataTable, NewButton } from '../../ui/table.tsx';

export const ListPage: FC<{
  ctx: PageContext;
  q: string;
  rows: Customer[];
  nextCursor: string | undefined;
  cursor: string;
  errors?: FieldErrors | undefined;
}> = ({ ctx, q, rows, nextCursor, cursor, errors }) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.customers')}
      actions={
        <>
          <NewButton href="/admin/customers/new" label={t('admin.cus.new')} />
          {canExportCustomers(ctx.staff.role) ? (
            <a class="btn secondary" href={href('/admin/customers/export.csv', { q })}>
              {t('admin.common.downloadCsv')}
            </a>
          ) : null}
        </>
      }
    >
      <CustomerSearch t={t} action="/admin/customers" q={q} card />
      <section class="card">
        <FieldError t={t} name="cursor" errors={errors} />
        <DataTable
          count={rows.length}
          empty={q || cursor || errors ? t('admin.cus.none') : t('admin.cus.noneYet')}
          columns={[
            t('admin.common.name'),
            t('admin.common.phone'),
            t('admin.cus.membership'),
            { label: t('admin.cus.points'), num: true },
            t('admin.cus.lastActive'),
          ]}
        >
          {rows.map((r) => (
            <tr class="row-link">
              <td>
                <a href={`/admin/customers/${r.id}`}>{r.name}</a>
                <div class="muted small">{r.code}</div>
              </td>
              <td>{formatPhone(r.phone)}</td>
              <td>
                <Badge tone={r.membership === 'member' ? 'amber' : ''}>
                  {t(`common.membership.${r.membership}`)}
                </Badge>
              </td>
              <td class="num">{r.pointsBalance}</td>
              <td class="small">{r.lastActiveAt ? shortWhen(ctx, r.lastActiveAt) : '—'}</td>
            </tr>
          ))}
        </DataTable>
        <Pager
          t={t}
          nextHref={nextCursor ? href('/admin/customers', { q, cursor: nextCursor }) : undefined}
          firstHref={cursor ? href('/admin/customers', { q }) : undefined}
        />
      </section>
    </Layout>
  );
};
