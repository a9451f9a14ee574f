import type { FC } from 'hono/jsx';
import type { BroadcastWithCounts } from '../../../src/broadcasts/index.ts';
import { Card, StatusBadge } from '../../ui/components.tsx';
import { shortWhen } from '../../ui/format.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';
import { DataTable, NewButton } from '../../ui/table.tsx';
import { segmentText } from './progress.tsx';

export const HistoryPage: FC<{ ctx: PageContext; rows: BroadcastWithCounts[] }> = ({ ctx, rows }) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.broadcasts')}
      actions={<NewButton href="/admin/broadcasts/new" label={t('admin.bc.new')} />}
    >
      <Card>
        <DataTable
          count={rows.length}
          empty={t('admin.bc.none')}
          columns={[
            t('admin.bc.title'),
            t('admin.bc.segment'),
            t('admin.common.date'),
            { label: t('admin.bc.count.sent'), num: true },
            t('admin.common.status'),
          ]}
        >
          {rows.map((b) => (
            <tr class="row-link">
              <td>
                <a href={`/admin/broadcasts/${b.id}`}>{b.title}</a>
              </td>
              <td class="small">{segmentText(t, b.segment)}</td>
              <td class="small">{shortWhen(ctx, b.scheduledAt ?? b.startedAt ?? b.createdAt)}</td>
              <td class="num">
                {b.counts.sent}/{b.counts.total}
              </td>
              <td>
                <StatusBadge t={t} status={b.status} prefix="broadcastStatus" />
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </Layout>
  );
};
