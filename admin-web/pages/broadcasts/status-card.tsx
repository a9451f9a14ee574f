import type { FC } from 'hono/jsx';
import {
  type Broadcast,
  broadcastHasStarted,
  broadcastIsLive,
  type RecipientCounts,
} from '../../../src/broadcasts/index.ts';
import { ActionButton, Card, StatusBadge } from '../../ui/components.tsx';
import { shortWhen } from '../../ui/format.ts';
import type { PageContext } from '../../ui/page-context.ts';
import { Progress, segmentText } from './progress.tsx';

/**
 * How often the open page asks again (ms): every 2 s while messages are on their way, every 10 s while
 * the campaign waits for staff or its time (someone else may send or cancel it meanwhile).
 */
export function refreshEveryMs(status: Broadcast['status']): number | undefined {
  if (!broadcastIsLive(status)) return undefined;
  return broadcastHasStarted(status) ? 2000 : 10_000;
}

/**
 * The campaign's state with its badge, counts and the buttons that state allows. The detail page draws
 * it, and the same component answers GET /:id/live, which the page polls (admin.js) and swaps in whole
 * while the campaign is live, so badge, counts and buttons never disagree.
 */
export const StatusCard: FC<{
  ctx: PageContext;
  broadcast: Broadcast;
  counts: RecipientCounts;
  /** Customers the segment holds now; null once sending began (the recipients are then fixed). */
  audience: number | null;
  canRun: boolean;
}> = ({ ctx, broadcast: b, counts, audience, canRun }) => {
  const { t } = ctx;
  const base = `/admin/broadcasts/${b.id}`;
  const started = broadcastHasStarted(b.status);
  const every = refreshEveryMs(b.status);
  return (
    <div id="broadcast-status" data-live-url={every ? `${base}/live` : undefined} data-live-every={every}>
      <Card title={<StatusBadge t={t} status={b.status} prefix="broadcastStatus" />}>
        <dl class="facts">
          <dt>{t('admin.bc.segment')}</dt>
          <dd>{segmentText(t, b.segment)}</dd>
          {audience !== null ? (
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
          {b.status === 'completed' && b.finishedAt ? (
            <>
              <dt>{t('admin.bc.finishedAt')}</dt>
              <dd>{shortWhen(ctx, b.finishedAt)}</dd>
            </>
          ) : null}
          {b.status === 'cancelled' && b.cancelledAt ? (
            <>
              <dt>{t('admin.bc.cancelledAt')}</dt>
              <dd>{shortWhen(ctx, b.cancelledAt)}</dd>
            </>
          ) : null}
        </dl>
        {b.status === 'queued' ? <p class="hint">{t('admin.bc.queuedHint')}</p> : null}
        {started || counts.total > 0 ? <Progress t={t} counts={counts} broadcast={b} /> : null}
        <div class="btn-row" style="margin-top:1rem">
          {!started && canRun ? (
            <ActionButton
              ctx={ctx}
              action={`${base}/start`}
              kind="primary"
              label={b.status === 'scheduled' ? t('admin.bc.confirmSchedule') : t('admin.bc.sendNow')}
              confirm={t('admin.bc.sendAsk', { count: audience ?? 0 })}
            />
          ) : null}
          {broadcastIsLive(b.status) ? (
            <ActionButton
              ctx={ctx}
              action={`${base}/cancel`}
              kind="danger"
              label={t('admin.bc.cancel')}
              confirm={t('admin.bc.cancelAsk')}
            />
          ) : null}
        </div>
        {!canRun && !started ? <p class="hint">{t('admin.bc.noWorkers')}</p> : null}
      </Card>
    </div>
  );
};
