import type { FC } from 'hono/jsx';
import { channelValues, productCategories } from '../../db/schema/index.ts';
import type {
  Broadcast,
  BroadcastWithCounts,
  RecipientCounts,
  SegmentInput,
} from '../../src/broadcasts/index.ts';
import type { Translate } from '../../src/i18n/index.ts';
import type { FieldErrors } from '../forms.ts';
import {
  ActionButton,
  Card,
  Csrf,
  Field,
  FieldError,
  FormErrorSummary,
  Select,
  StatusBadge,
  TextArea,
} from '../ui/components.tsx';
import { shortWhen } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, translateMaybe } from '../ui/page-context.ts';
import { DataTable, NewButton } from '../ui/table.tsx';

export function segmentText(t: Translate, segment: SegmentInput): string {
  const parts: string[] = [];
  if (segment.membership) parts.push(t(`common.membership.${segment.membership}`));
  if (segment.channel) parts.push(t(`common.channel.${segment.channel}`));
  if (segment.boughtCategory)
    parts.push(
      t('admin.bc.bought', { category: translateMaybe(t, `common.category.${segment.boughtCategory}`) }),
    );
  if (segment.inactiveDays) parts.push(t('admin.bc.inactive', { days: segment.inactiveDays }));
  return parts.length ? parts.join(' · ') : t('admin.bc.everyone');
}

export const Progress: FC<{ t: Translate; counts: RecipientCounts; broadcast: Broadcast; url: string }> = ({
  t,
  counts,
  broadcast,
  url,
}) => {
  const total = Math.max(1, counts.total);
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  const keys = ['sent', 'failed', 'blocked', 'skipped', 'pending'] as const;
  const colors: Record<(typeof keys)[number], string> = {
    sent: '#15803d',
    failed: '#b91c1c',
    blocked: '#6b7280',
    skipped: '#d6c7b8',
    pending: '#efe9e3',
  };
  return (
    <div data-progress-url={url}>
      <p>
        <strong data-status>{t(`admin.broadcastStatus.${broadcast.status}`)}</strong> ·{' '}
        {t('admin.bc.recipients', { count: counts.total })}
      </p>
      <div class="progress" role="img" aria-label={t('admin.bc.progress')}>
        {keys.slice(0, 4).map((k) => (
          <span class={k} style={`width:${pct(counts[k])}`} />
        ))}
      </div>
      <div class="legend">
        {keys.map((k) => (
          <span>
            <i style={`background:${colors[k]}`} />
            {t(`admin.bc.count.${k}`)}: <strong data-count={k}>{counts[k]}</strong>
          </span>
        ))}
      </div>
    </div>
  );
};

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

export type Values = Record<string, string>;

export const ComposePage: FC<{ ctx: PageContext; values: Values; errors?: FieldErrors; count: number }> = ({
  ctx,
  values,
  errors,
  count,
}) => {
  const { t } = ctx;
  const v = (k: string) => values[k] ?? '';
  const any = t('admin.bc.any');
  return (
    <Layout ctx={ctx} title={t('admin.bc.new')}>
      <FormErrorSummary t={t} errors={errors} />
      <form
        method="post"
        action="/admin/broadcasts"
        enctype="multipart/form-data"
        class="stack"
        data-segment-count="/admin/broadcasts/api/count"
        style="max-width:none"
      >
        <Csrf ctx={ctx} />
        <div class="grid">
          <Card title={t('admin.bc.message')}>
            <Field
              t={t}
              name="title"
              label={t('admin.bc.title')}
              value={v('title')}
              errors={errors}
              hint={t('admin.bc.titleHint')}
              required
            />
            <TextArea
              t={t}
              name="text"
              label={t('admin.bc.text')}
              value={v('text')}
              errors={errors}
              rows={7}
              required
              hint={t('admin.bc.textHint')}
            />
            <div class={`field${errors?.image ? ' invalid' : ''}`}>
              <label for="f-image">{t('admin.bc.image')}</label>
              <input id="f-image" type="file" name="image" accept="image/jpeg,image/png,image/webp" />
              <FieldError t={t} name="image" errors={errors} />
            </div>
          </Card>
          <Card title={t('admin.bc.segment')}>
            <Select
              t={t}
              name="segment.membership"
              label={t('admin.cus.membership')}
              value={v('segment.membership')}
              errors={errors}
              blank={any}
              options={[
                { value: 'member', label: t('common.membership.member') },
                { value: 'regular', label: t('common.membership.regular') },
              ]}
            />
            <Select
              t={t}
              name="segment.channel"
              label={t('admin.bc.channel')}
              value={v('segment.channel')}
              errors={errors}
              blank={any}
              options={channelValues.map((c) => ({
                value: c,
                label: t(`common.channel.${c}`),
              }))}
            />
            <Select
              t={t}
              name="segment.boughtCategory"
              label={t('admin.bc.boughtCategory')}
              value={v('segment.boughtCategory')}
              errors={errors}
              blank={any}
              options={productCategories.map((c) => ({
                value: c,
                label: t(`common.category.${c}`),
              }))}
            />
            <Field
              t={t}
              name="segment.inactiveDays"
              label={t('admin.bc.inactiveDays')}
              value={v('segment.inactiveDays')}
              errors={errors}
              inputmode="numeric"
              hint={t('admin.bc.inactiveHint')}
            />
            <div class="alert info">
              {t('admin.bc.willReach')} <strong id="segment-count">{count}</strong> {t('admin.bc.customers')}
              <div class="small">{t('admin.bc.optInNote')}</div>
            </div>
          </Card>
        </div>
        <Card title={t('admin.bc.when')}>
          <label class="check">
            <input type="radio" name="when" value="now" checked={v('when') !== 'later'} />{' '}
            {t('admin.bc.draftNow')}
          </label>
          <label class="check">
            <input type="radio" name="when" value="later" checked={v('when') === 'later'} />{' '}
            {t('admin.bc.scheduleLater')}
          </label>
          <Field
            t={t}
            name="scheduledAt"
            type="datetime-local"
            label={t('admin.bc.scheduledAt')}
            value={v('scheduledAt')}
            errors={errors}
          />
          <button type="submit" class="btn primary big">
            {t('admin.bc.preview')}
          </button>
        </Card>
      </form>
    </Layout>
  );
};

export const DetailPage: FC<{
  ctx: PageContext;
  broadcast: Broadcast;
  counts: RecipientCounts;
  audience: number;
  canRun: boolean;
  alert?: string;
}> = ({ ctx, broadcast: b, counts, audience, canRun, alert }) => {
  const { t } = ctx;
  const base = `/admin/broadcasts/${b.id}`;
  const notStarted = b.status === 'draft' || b.status === 'scheduled';
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
