import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { channelValues, productCategories } from '../../db/schema/index.ts';
import {
  type Broadcast,
  type BroadcastWithCounts,
  cancelBroadcast,
  countSegment,
  createBroadcast,
  getBroadcast,
  listBroadcasts,
  type RecipientCounts,
  recipientCounts,
  type SegmentInput,
} from '../../src/broadcasts/index.ts';
import { isAppError } from '../../src/errors.ts';
import { storeImage } from '../../src/files/store.ts';
import { errorMessage, type MessageKey, type Translate } from '../../src/i18n/index.ts';
import { recordAudit } from '../../src/staff/index.ts';
import { parseIsoDate } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, type FormData, file, readForm, text, validate } from '../forms.ts';
import { ActionButton, Card, Csrf, Empty, Field, FieldError, FormErrorSummary, Select, StatusBadge, TextArea } from '../ui/components.tsx';
import { shortWhen } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext } from '../ui/page-context.ts';
import { broadcastFormSchema, segmentQuerySchema } from './broadcasts.schema.ts';
import { flashRedirect, idParam, instantAt, jsonValidationError } from './helpers.ts';

/** Broadcast images are scaled to 1280 px: Telegram recompresses larger ones anyway. */
const IMAGE_MAX_DIMENSION = 1280;

function segmentText(t: Translate, segment: SegmentInput): string {
  const parts: string[] = [];
  if (segment.membership) parts.push(t(`common.membership.${segment.membership}`));
  if (segment.channel) parts.push(t(`common.channel.${segment.channel}` as MessageKey));
  if (segment.boughtCategory) parts.push(t('admin.bc.bought', { category: t(`common.category.${segment.boughtCategory}` as MessageKey) }));
  if (segment.inactiveDays) parts.push(t('admin.bc.inactive', { days: segment.inactiveDays }));
  return parts.length ? parts.join(' · ') : t('admin.bc.everyone');
}

const Progress: FC<{ t: Translate; counts: RecipientCounts; broadcast: Broadcast; url: string }> = ({ t, counts, broadcast, url }) => {
  const total = Math.max(1, counts.total);
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  const keys = ['sent', 'failed', 'blocked', 'skipped', 'pending'] as const;
  const colors: Record<(typeof keys)[number], string> = { sent: '#15803d', failed: '#b91c1c', blocked: '#6b7280', skipped: '#d6c7b8', pending: '#efe9e3' };
  return (
    <div data-progress-url={url}>
      <p>
        <strong data-status>{t(`admin.broadcastStatus.${broadcast.status}` as MessageKey)}</strong> ·{' '}
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
            {t(`admin.bc.count.${k}` as MessageKey)}: <strong data-count={k}>{counts[k]}</strong>
          </span>
        ))}
      </div>
    </div>
  );
};

const HistoryPage: FC<{ ctx: PageContext; rows: BroadcastWithCounts[] }> = ({ ctx, rows }) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.broadcasts')}
      actions={
        <a class="btn primary" href="/admin/broadcasts/new">
          + {t('admin.bc.new')}
        </a>
      }
    >
      <Card>
        {rows.length === 0 ? (
          <Empty>{t('admin.bc.none')}</Empty>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('admin.bc.title')}</th>
                  <th>{t('admin.bc.segment')}</th>
                  <th>{t('admin.common.date')}</th>
                  <th class="num">{t('admin.bc.count.sent')}</th>
                  <th>{t('admin.common.status')}</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </Layout>
  );
};

type Values = Record<string, string>;

const ComposePage: FC<{ ctx: PageContext; values: Values; errors?: FieldErrors; count: number }> = ({ ctx, values, errors, count }) => {
  const { t } = ctx;
  const v = (k: string) => values[k] ?? '';
  const any = t('admin.bc.any');
  return (
    <Layout ctx={ctx} title={t('admin.bc.new')}>
      <FormErrorSummary t={t} errors={errors} />
      <form method="post" action="/admin/broadcasts" enctype="multipart/form-data" class="stack" data-segment-count="/admin/broadcasts/api/count" style="max-width:none">
        <Csrf ctx={ctx} />
        <div class="grid">
          <Card title={t('admin.bc.message')}>
            <Field t={t} name="title" label={t('admin.bc.title')} value={v('title')} errors={errors} hint={t('admin.bc.titleHint')} required />
            <TextArea t={t} name="text" label={t('admin.bc.text')} value={v('text')} errors={errors} rows={7} required hint={t('admin.bc.textHint')} />
            <div class={`field${errors?.image ? ' invalid' : ''}`}>
              <label for="f-image">{t('admin.bc.image')}</label>
              <input id="f-image" type="file" name="image" accept="image/jpeg,image/png,image/webp" />
              <FieldError t={t} name="image" errors={errors} />
            </div>
          </Card>
          <Card title={t('admin.bc.segment')}>
            <Select t={t} name="segment.membership" label={t('admin.cus.membership')} value={v('segment.membership')} errors={errors} blank={any} options={[{ value: 'member', label: t('common.membership.member') }, { value: 'regular', label: t('common.membership.regular') }]} />
            <Select t={t} name="segment.channel" label={t('admin.bc.channel')} value={v('segment.channel')} errors={errors} blank={any} options={channelValues.map((c) => ({ value: c, label: t(`common.channel.${c}` as MessageKey) }))} />
            <Select t={t} name="segment.boughtCategory" label={t('admin.bc.boughtCategory')} value={v('segment.boughtCategory')} errors={errors} blank={any} options={productCategories.map((c) => ({ value: c, label: t(`common.category.${c}` as MessageKey) }))} />
            <Field t={t} name="segment.inactiveDays" label={t('admin.bc.inactiveDays')} value={v('segment.inactiveDays')} errors={errors} inputmode="numeric" hint={t('admin.bc.inactiveHint')} />
            <div class="alert info">
              {t('admin.bc.willReach')} <strong id="segment-count">{count}</strong> {t('admin.bc.customers')}
              <div class="small">{t('admin.bc.optInNote')}</div>
            </div>
          </Card>
        </div>
        <Card title={t('admin.bc.when')}>
          <label class="check">
            <input type="radio" name="when" value="now" checked={v('when') !== 'later'} /> {t('admin.bc.draftNow')}
          </label>
          <label class="check">
            <input type="radio" name="when" value="later" checked={v('when') === 'later'} /> {t('admin.bc.scheduleLater')}
          </label>
          <Field t={t} name="scheduledAt" type="datetime-local" label={t('admin.bc.scheduledAt')} value={v('scheduledAt')} errors={errors} />
          <button type="submit" class="btn primary big">
            {t('admin.bc.preview')}
          </button>
        </Card>
      </form>
    </Layout>
  );
};

const DetailPage: FC<{ ctx: PageContext; broadcast: Broadcast; counts: RecipientCounts; audience: number; canRun: boolean; alert?: string }> = ({
  ctx,
  broadcast: b,
  counts,
  audience,
  canRun,
  alert,
}) => {
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
              {b.imageFileId ? <img class="photo" src={`/admin/files/${b.imageFileId}`} alt="" style="margin-bottom:.5rem" /> : null}
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
          {!notStarted || counts.total > 0 ? <Progress t={t} counts={counts} broadcast={b} url={`${base}/progress.json`} /> : null}
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
              <ActionButton ctx={ctx} action={`${base}/cancel`} kind="danger" label={t('admin.bc.cancel')} confirm={t('admin.bc.cancelAsk')} />
            ) : null}
          </div>
          {!canRun && notStarted ? <p class="hint">{t('admin.bc.noWorkers')}</p> : null}
        </Card>
      </div>
    </Layout>
  );
};

function composeValues(form: FormData): Values {
  const names = ['title', 'text', 'when', 'scheduledAt', 'segment.membership', 'segment.channel', 'segment.boughtCategory', 'segment.inactiveDays'];
  return Object.fromEntries(names.map((n) => [n, text(form, n)]));
}

function segmentFrom(values: Record<string, string | undefined>) {
  return {
    membership: values['segment.membership'] ?? '',
    channel: values['segment.channel'] ?? '',
    boughtCategory: values['segment.boughtCategory'] ?? '',
    inactiveDays: values['segment.inactiveDays'] ?? '',
  };
}

export function broadcastRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('broadcasts'));

  app.get('/', async (c) => c.html(<HistoryPage ctx={pageContext(c, deps.timeZone)} rows={await listBroadcasts(deps.db, { limit: 100 })} />));

  app.get('/api/count', async (c) => {
    const parsed = validate(segmentQuerySchema, segmentFrom(c.req.query()));
    if (!parsed.ok) return jsonValidationError(c, parsed.errors);
    return c.json({ count: await countSegment(deps.db, parsed.data, deps.clock()) });
  });

  app.get('/new', async (c) => c.html(<ComposePage ctx={pageContext(c, deps.timeZone)} values={{ when: 'now' }} count={await countSegment(deps.db, {}, deps.clock())} />));

  app.post('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const form = await readForm(c);
    const values = composeValues(form);
    const image = file(form, 'image');
    const parsed = validate(broadcastFormSchema, { ...values, hasImage: image !== undefined, when: values.when || 'now', segment: segmentFrom(values) });
    const render = async (errors: FieldErrors, status: 400 | 409 | 413 | 415 = 400) => {
      const segment = validate(segmentQuerySchema, segmentFrom(values));
      const count = segment.ok ? await countSegment(deps.db, segment.data, deps.clock()) : 0;
      return c.html(<ComposePage ctx={ctx} values={values} errors={errors} count={count} />, status);
    };
    if (!parsed.ok) {
      const errors: FieldErrors = {};
      for (const [k, m] of Object.entries(parsed.errors)) errors[k] = m;
      return render(errors);
    }
    const d = parsed.data;
    let scheduledAt: Date | null = null;
    if (d.when === 'later') {
      const [date, time] = d.scheduledAt.split('T');
      const local = parseIsoDate(date ?? '');
      if (!local) return render({ scheduledAt: 'admin.v.dateTime' });
      scheduledAt = instantAt(local, time ?? '00:00', deps.timeZone);
      if (scheduledAt.getTime() <= deps.clock().getTime()) return render({ scheduledAt: 'admin.v.inPast' });
    }
    let imageFileId: number | null = null;
    if (image) {
      try {
        const stored = await storeImage(deps.db, {
          data: new Uint8Array(await image.arrayBuffer()),
          purpose: 'broadcast',
          originalName: image.name.slice(0, 200),
          maxDimension: IMAGE_MAX_DIMENSION,
        });
        imageFileId = stored.id;
      } catch (error) {
        if (isAppError(error, 'FILE_TOO_LARGE')) return render({ image: 'admin.v.imageTooLarge' }, 413);
        if (isAppError(error, 'FILE_NOT_IMAGE')) return render({ image: 'admin.v.image' }, 415);
        throw error;
      }
    }
    const staffId = ctx.staff.id;
    const created = await deps.db.transaction(async (tx) => {
      const row = await createBroadcast(tx, { title: d.title, text: d.text, imageFileId, segment: d.segment, scheduledAt, staffId });
      await recordAudit(tx, { staffId, action: 'broadcast.create', entityType: 'broadcast', entityId: row.id, details: { segment: d.segment } });
      return row;
    });
    return c.redirect(`/admin/broadcasts/${created.id}`, 303);
  });

  const detail = async (c: Context<AdminEnv>, id: number, alert?: string, status: 200 | 409 | 503 = 200) => {
    const broadcast = await getBroadcast(deps.db, id);
    const [counts, audience] = await Promise.all([recipientCounts(deps.db, id), countSegment(deps.db, broadcast.segment, deps.clock())]);
    return c.html(
      <DetailPage ctx={pageContext(c, deps.timeZone)} broadcast={broadcast} counts={counts} audience={audience} canRun={deps.broadcasts !== undefined} alert={alert} />,
      status,
    );
  };
  app.get('/:id', (c) => detail(c, idParam(c)));

  app.get('/:id/progress.json', async (c) => {
    const id = idParam(c);
    const [broadcast, counts] = await Promise.all([getBroadcast(deps.db, id), recipientCounts(deps.db, id)]);
    return c.json({ ...counts, status: broadcast.status, statusLabel: c.get('t')(`admin.broadcastStatus.${broadcast.status}` as MessageKey) });
  });

  app.post('/:id/start', async (c) => {
    const id = idParam(c);
    if (!deps.broadcasts) return detail(c, id, c.get('t')('admin.bc.noWorkers'), 503);
    try {
      const broadcast = await getBroadcast(deps.db, id);
      await deps.broadcasts.start(id);
      await recordAudit(deps.db, { staffId: c.get('staff').id, action: 'broadcast.start', entityType: 'broadcast', entityId: id });
      return flashRedirect(c, `/admin/broadcasts/${id}`, broadcast.status === 'scheduled' ? 'broadcastScheduled' : 'broadcastStarted');
    } catch (error) {
      if (isAppError(error, 'BROADCAST_NOT_EDITABLE')) return detail(c, id, errorMessage(c.get('locale'), 'BROADCAST_NOT_EDITABLE'), 409);
      throw error;
    }
  });

  app.post('/:id/cancel', async (c) => {
    const id = idParam(c);
    try {
      if (deps.broadcasts) await deps.broadcasts.cancel(id);
      else await cancelBroadcast(deps.db, id, deps.clock());
      await recordAudit(deps.db, { staffId: c.get('staff').id, action: 'broadcast.cancel', entityType: 'broadcast', entityId: id });
    } catch (error) {
      if (isAppError(error, 'BROADCAST_NOT_EDITABLE')) return detail(c, id, errorMessage(c.get('locale'), 'BROADCAST_NOT_EDITABLE'), 409);
      throw error;
    }
    return flashRedirect(c, `/admin/broadcasts/${id}`, 'broadcastCancelled');
  });
  return app;
}
