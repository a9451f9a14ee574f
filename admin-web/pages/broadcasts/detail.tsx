import type { FC } from 'hono/jsx';
import type { Broadcast, RecipientCounts } from '../../../src/broadcasts/index.ts';
import { ActionButton, Card, StatusBadge } from '../../ui/components.tsx';
import { shortWhen } from '../../ui/format.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';
import { Progress, segmentText } from './progress.tsx';

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
  const base = `/admin/broadcasts/${b.id}`;
  const notStarted = audience !== null;
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
        <Card title={<StatusBadge t={t} status={b.status} prefix="broadcastStatus" />}>
          <dl class="facts">
            <dt>{t('admin.bc.segment')}</dt>
            <dd>{segmentText(t, b.segment)}</dd>
            {notStarted ? (
              <>
                <dt>{t('admin.bc.audience')}</dt>
                <dd>
                  <strong>{audience}</strong> {t('admin.bc.customers')}
                </dd>
              </>
            ) : null}
            {b.scheduledAt ? (
              <>
                <dt>{t('admin.bc.scheduledAt')}</dt>
                <dd>{shortWhen(ctx, b.scheduledAt)}</dd>
              </>
            ) : null}
            {b.startedAt ? (
              <>
                <dt>{t('admin.bc.startedAt')}</dt>
                <dd>{shortWhen(ctx, b.startedAt)}</dd>
              </>
            ) : null}
          </dl>
          {!notStarted || counts.total > 0 ? (
            <Progress t={t} counts={counts} broadcast={b} url={`${base}/progress.json`} />
          ) : null}
          <div class="btn-row" style="margin-top:1rem">
            {notStarted && canRun ? (
              <ActionButton
                ctx={ctx}
                action={`${base}/start`}
                kind="primary"
                label={b.status === 'scheduled' ? t('admin.bc.confirmSchedule') : t('admin.bc.sendNow')}
                confirm={t('admin.bc.sendAsk', { count: audience })}
              />
            ) : null}
            {notStarted || b.status === 'running' ? (
              <ActionButton
                ctx={ctx}
                action={`${base}/cancel`}
                kind="danger"
                label={t('admin.bc.cancel')}
                confirm={t('admin.bc.cancelAsk')}
              />
            ) : null}
          </div>
          {!canRun && notStarted ? <p class="hint">{t('admin.bc.noWorkers')}</p> : null}
        </Card>
      </div>
    </Layout>
  );
};
