import type { FC } from 'hono/jsx';
import { formatPhone } from '../../../src/i18n/index.ts';
import type { ReservationListRow } from '../../../src/reservations/types.ts';
import { StatusBadge } from '../../ui/components.tsx';
import { rupiah, shortWhen } from '../../ui/format.ts';
import type { PageContext } from '../../ui/page-context.ts';
import { DataTable } from '../../ui/table.tsx';

/** `withCustomer` false on a customer's own page, where every row would name the same person. */
export const ReservationTable: FC<{
  ctx: PageContext;
  rows: ReservationListRow[];
  withCustomer?: boolean;
  empty?: string;
}> = ({ ctx, rows, withCustomer = true, empty }) => {
  const { t } = ctx;
  return (
    <DataTable
      count={rows.length}
      empty={empty ?? t('admin.res.none')}
      columns={[
        t('admin.common.code'),
        t('admin.common.schedule'),
        ...(withCustomer ? [t('admin.common.customer')] : []),
        t('admin.common.package'),
        { label: t('admin.common.total'), num: true },
        t('admin.common.status'),
      ]}
    >
      {rows.map((r) => (
        <tr class="row-link">
          <td class="nowrap">
            <a href={`/admin/reservations/${r.id}`}>{r.code}</a>
          </td>
          <td>{shortWhen(ctx, r.startAt)}</td>
          {withCustomer ? (
            <td>
              {r.customerName}
              <div class="muted small nowrap">{formatPhone(r.customerPhone)}</div>
            </td>
          ) : null}
          <td>{r.packageName}</td>
          <td class="num">{rupiah(r.total)}</td>
          <td>
            <StatusBadge t={t} status={r.status} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
};
