import type { FC } from 'hono/jsx';
import type { BroadcastWithCounts } from '../../../src/broadcasts/index.ts';
import type { FieldErrors } from '../../forms.ts';
import { Card, FieldError, href, Pager, StatusBadge } from '../../ui/components.tsx';
import { shortWhen } from '../../ui/format.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';
import { DataTable, NewButton } from '../../ui/table.tsx';
import { segmentText } from './progress.tsx';

export const HistoryPage: FC<{
  ctx: PageContext;
  rows: BroadcastWithCounts[];
  nextCursor: string | undefined;
  cursor: string;
  errors?: FieldErrors | undefined;
}> = ({ ctx, rows, nextCursor, cursor, errors }) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.broadcasts')}
      actions={<NewButton href="/admin/broadcasts/new" label={t('admin.bc.new')} />}
    >
      <Card>
        <FieldError t={t} name="cursor" errors={errors} />
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
        <Pager
          t={t}
          nextHref={nextCursor ? href('/admin/broadcasts', { cursor: nextCursor }) : undefined}
          firstHref={cursor ? '/admin/broadcasts' : undefined}
        />
      </Card>
    </Layout>
  );
};
