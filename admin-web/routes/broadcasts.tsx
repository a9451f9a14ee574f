import { type Context, Hono } from 'hono';
import {
  type Broadcast,
  broadcastHasStarted,
  broadcastIsLive,
  cancelBroadcast,
  countSegment,
  createBroadcast,
  getBroadcast,
  listBroadcasts,
  markBroadcastQueued,
  recipientCounts,
  unqueueBroadcast,
} from '../../src/broadcasts/index.ts';
import { isAppError } from '../../src/errors.ts';
import { storeImage } from '../../src/files/store.ts';
import { errorMessage } from '../../src/i18n/index.ts';
import { recordAudit } from '../../src/staff/index.ts';
import { parseIsoDate, zonedTimeToInstant } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, type FormData, file, readForm, text, validate } from '../forms.ts';
import { ComposePage, type Values } from '../pages/broadcasts/compose.tsx';
import { DetailPage } from '../pages/broadcasts/detail.tsx';
import { HistoryPage } from '../pages/broadcasts/history.tsx';
import { StatusCard } from '../pages/broadcasts/status-card.tsx';
import { pageContext } from '../ui/page-context.ts';
import { broadcastFormSchema, segmentQuerySchema } from './broadcasts.schema.ts';
import {
  BAD_CURSOR,
  flashRedirect,
  idParam,
  jsonValidationError,
  unlessBadCursor,
  withAudit,
} from './helpers.ts';

function composeValues(form: FormData): Values {
  const names = [
    'title',
    'text',
    'when',
    'scheduledAt',
    'segment.membership',
    'segment.channel',
    'segment.boughtCategory',
    'segment.inactiveDays',
  ];
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

/** Broadcast images are scaled to 1280 px: Telegram recompresses larger ones anyway. */
const IMAGE_MAX_DIMENSION = 1280;
/** Campaigns per page of the history: about a year of weekly promos. */
const HISTORY_PAGE_SIZE = 50;

export function broadcastRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('broadcasts'));

  app.get('/', async (c) => {
    const cursor = c.req.query('cursor') ?? '';
    const page = await unlessBadCursor(
      listBroadcasts(deps.db, { cursor: cursor || undefined, limit: HISTORY_PAGE_SIZE }),
    );
    return c.html(
      <HistoryPage
        ctx={pageContext(c, deps.timeZone)}
        rows={page?.rows ?? []}
        nextCursor={page?.nextCursor}
        cursor={cursor}
        errors={page ? undefined : BAD_CURSOR}
      />,
      page ? 200 : 400,
    );
  });

  app.get('/api/count', async (c) => {
    const parsed = validate(segmentQuerySchema, segmentFrom(c.req.query()));
    if (!parsed.ok) return jsonValidationError(c, parsed.errors);
    return c.json({ count: await countSegment(deps.db, parsed.data, deps.clock()) });
  });

  app.get('/new', async (c) =>
    c.html(
      <ComposePage
        ctx={pageContext(c, deps.timeZone)}
        values={{ when: 'now' }}
        count={await countSegment(deps.db, {}, deps.clock())}
      />,
    ),
  );

  app.post('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const form = await readForm(c);
    const values = composeValues(form);
    const image = file(form, 'image');
    const parsed = validate(broadcastFormSchema, {
      ...values,
      hasImage: image !== undefined,
      when: values.when || 'now',
      segment: segmentFrom(values),
    });
    const render = async (errors: FieldErrors, status: 400 | 409 | 413 | 415 = 400) => {
      const segment = validate(segmentQuerySchema, segmentFrom(values));
      const count = segment.ok ? await countSegment(deps.db, segment.data, deps.clock()) : 0;
      return c.html(<ComposePage ctx={ctx} values={values} errors={errors} count={count} />, status);
    };
    if (!parsed.ok) return render(parsed.errors);
    const d = parsed.data;
    let scheduledAt: Date | null = null;
    if (d.when === 'later') {
      const [date, time] = d.scheduledAt.split('T');
      const local = parseIsoDate(date ?? '');
      if (!local) return render({ scheduledAt: 'admin.v.dateTime' });
      scheduledAt = zonedTimeToInstant(local, time ?? '00:00', deps.timeZone);
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
    const created = await withAudit(
      deps.db,
      (tx) =>
        createBroadcast(tx, {
          title: d.title,
          text: d.text,
          imageFileId,
          segment: d.segment,
          scheduledAt,
          staffId,
        }),
      (row) => ({
        staffId,
        action: 'broadcast.create',
        entityType: 'broadcast',
        entityId: row.id,
        details: { segment: d.segment },
      }),
    );
    return c.redirect(`/admin/broadcasts/${created.id}`, 303);
  });

  /** The campaign and what its status card shows; the segment is counted only while the audience can change. */
  const load = async (id: number) => {
    const broadcast = await getBroadcast(deps.db, id);
    const [counts, audience] = await Promise.all([
      recipientCounts(deps.db, id),
      broadcastHasStarted(broadcast.status) ? null : countSegment(deps.db, broadcast.segment, deps.clock()),
    ]);
    return { broadcast, counts, audience, canRun: deps.broadcasts !== undefined };
  };

  const detail = async (c: Context<AdminEnv>, id: number, alert?: string, status: 200 | 409 | 503 = 200) =>
    c.html(<DetailPage ctx={pageContext(c, deps.timeZone)} {...(await load(id))} alert={alert} />, status);
  app.get('/:id', (c) => detail(c, idParam(c)));

  // The status card alone, for the open page to swap in (admin.js): badge, counts and buttons at once.
  app.get('/:id/live', async (c) => {
    const view = await load(idParam(c));
    c.header('cache-control', 'no-store');
    return c.html(<StatusCard ctx={pageContext(c, deps.timeZone)} {...view} />);
  });

  app.get('/:id/progress.json', async (c) => {
    const id = idParam(c);
    const [broadcast, counts] = await Promise.all([getBroadcast(deps.db, id), recipientCounts(deps.db, id)]);
    const started = broadcastHasStarted(broadcast.status);
    return c.json({
      ...counts,
      status: broadcast.status,
      statusLabel: c.get('t')(`admin.broadcastStatus.${broadcast.status}`),
      final: !broadcastIsLive(broadcast.status),
      actions: {
        start: !started && deps.broadcasts !== undefined,
        cancel: broadcastIsLive(broadcast.status),
      },
    });
  });

  app.post('/:id/start', async (c) => {
    const id = idParam(c);
    const runner = deps.broadcasts;
    if (!runner) return detail(c, id, c.get('t')('admin.bc.noWorkers'), 503);
    let before: Broadcast;
    try {
      // 'queued' is written before the job is handed over: the page the redirect shows is already true,
      // however long a worker takes to pick the job up.
      before = await getBroadcast(deps.db, id);
      await markBroadcastQueued(deps.db, id);
    } catch (error) {
      if (isAppError(error, 'BROADCAST_NOT_EDITABLE'))
        return detail(c, id, errorMessage(c.get('locale'), 'BROADCAST_NOT_EDITABLE'), 409);
      throw error;
    }
    try {
      await runner.start(id);
    } catch (error) {
      if (isAppError(error, 'BROADCAST_NOT_EDITABLE'))
        return detail(c, id, errorMessage(c.get('locale'), 'BROADCAST_NOT_EDITABLE'), 409);
      deps.log.error({ err: error, broadcastId: id }, 'could not queue the broadcast');
      await unqueueBroadcast(deps.db, id);
      return detail(c, id, c.get('t')('admin.bc.queueFailed'), 503);
    }
    await recordAudit(deps.db, {
      staffId: c.get('staff').id,
      action: 'broadcast.start',
      entityType: 'broadcast',
      entityId: id,
    });
    return flashRedirect(
      c,
      `/admin/broadcasts/${id}`,
      before.status === 'scheduled' ? 'broadcastScheduled' : 'broadcastStarted',
    );
  });

  app.post('/:id/cancel', async (c) => {
    const id = idParam(c);
    try {
      if (deps.broadcasts) await deps.broadcasts.cancel(id);
      else await cancelBroadcast(deps.db, id, deps.clock());
      await recordAudit(deps.db, {
        staffId: c.get('staff').id,
        action: 'broadcast.cancel',
        entityType: 'broadcast',
        entityId: id,
      });
    } catch (error) {
      if (isAppError(error, 'BROADCAST_NOT_EDITABLE'))
        return detail(c, id, errorMessage(c.get('locale'), 'BROADCAST_NOT_EDITABLE'), 409);
      throw error;
    }
    return flashRedirect(c, `/admin/broadcasts/${id}`, 'broadcastCancelled');
  });
  return app;
}
