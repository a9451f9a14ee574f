import type { FC } from 'hono/jsx';
import type { Broadcast, RecipientCounts } from '../../../src/broadcasts/index.ts';
import { Card } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';
import { StatusCard } from './status-card.tsx';

export const DetailPage: FC<{
  ctx: PageContext;
  broadcast: Broadcast;
  counts: RecipientCounts;
  /** Customers the segment holds now; null once sending began (the recipients are then fixed). */
  audience: number | null;
  canRun: boolean;
  alert?: string;
}> = ({ ctx, broadcast: b, counts, audience, canRun, alert }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={b.title}>
      {alert ? <div class="alert error">{alert}</div> : null}
      <div class="grid">
        <Card title={t('admin.bc.previewTitle')}>
          <div class="thread">
            <div class="msg">
              {b.imageFileId ? (
                <img class="photo" src={`/admin/files/${b.imageFileId}`} alt="" style="margin-bottom:.5rem" />
              ) : null}
              {b.text}
            </div>
          </div>
        </Card>
        <StatusCard ctx={ctx} broadcast={b} counts={counts} audience={audience} canRun={canRun} />
      </div>
    </Layout>
  );
};
