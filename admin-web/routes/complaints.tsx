import { type Context, Hono } from 'hono';
import { complaintStatuses } from '../../db/schema/index.ts';
import { isAppError } from '../../src/errors.ts';
import {
  closeComplaint,
  getComplaintThread,
  listComplaints,
  replyToComplaint,
} from '../../src/feedback/index.ts';
import { errorMessage } from '../../src/i18n/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv, NotifyOutcome } from '../env.ts';
import { type FieldErrors, readForm, text, validate } from '../forms.ts';
import { InboxPage, ThreadPage } from '../pages/complaints.tsx';
import { pageContext } from '../ui/page-context.ts';
import { replySchema } from './complaints.schema.ts';
import { BAD_CURSOR, flashRedirect, idParam, unlessBadCursor, withAudit } from './helpers.ts';

export function complaintRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('complaints'));

  app.get('/', async (c) => {
    const asked = c.req.query('status') ?? 'open';
    const status = (complaintStatuses as readonly string[]).includes(asked)
      ? (asked as (typeof complaintStatuses)[number])
      : undefined;
    const cursor = c.req.query('cursor') ?? '';
    const page = await unlessBadCursor(
      listComplaints(deps.db, { status, cursor: cursor || null, limit: 30 }),
    );
    return c.html(
      <InboxPage
        ctx={pageContext(c, deps.timeZone)}
        status={status ?? ''}
        rows={page?.rows ?? []}
        nextCursor={page?.nextCursor ?? null}
        cursor={cursor}
        errors={page ? undefined : BAD_CURSOR}
      />,
      page ? 200 : 400,
    );
  });

  const render = async (
    c: Context<AdminEnv>,
    id: number,
    extra: { errors?: FieldErrors; body?: string; alert?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const thread = await getComplaintThread(deps.db, id);
    return c.html(<ThreadPage ctx={pageContext(c, deps.timeZone)} thread={thread} {...extra} />, status);
  };

  app.get('/:id', (c) => render(c, idParam(c)));

  app.post('/:id/reply', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    const form = await readForm(c);
    const parsed = validate(replySchema, { body: text(form, 'body') });
    if (!parsed.ok) return render(c, id, { errors: parsed.errors, body: text(form, 'body') }, 400);
    let notified: NotifyOutcome;
    try {
      notified = await withAudit(
        deps.db,
        async (tx) => {
          const { message } = await replyToComplaint(tx, {
            complaintId: id,
            staffId,
            body: parsed.data.body,
            now: deps.clock(),
          });
          return deps.notifier.complaintReplied(tx, id, parsed.data.body, message.id);
        },
        { staffId, action: 'complaint.reply', entityType: 'complaint', entityId: id },
      );
    } catch (error) {
      if (isAppError(error, 'COMPLAINT_CLOSED'))
        return render(c, id, { alert: errorMessage(c.get('locale'), 'COMPLAINT_CLOSED') }, 409);
      throw error;
    }
    return flashRedirect(c, `/admin/complaints/${id}`, 'replied', notified);
  });

  app.post('/:id/close', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    try {
      await withAudit(deps.db, (tx) => closeComplaint(tx, { complaintId: id, staffId, now: deps.clock() }), {
        staffId,
        action: 'complaint.close',
        entityType: 'complaint',
        entityId: id,
      });
    } catch (error) {
      if (isAppError(error, 'ALREADY_DONE') || isAppError(error, 'COMPLAINT_CLOSED')) {
        return render(c, id, { alert: errorMessage(c.get('locale'), 'COMPLAINT_CLOSED') }, 409);
      }
      throw error;
    }
    return flashRedirect(c, `/admin/complaints/${id}`, 'closed');
  });
  return app;
}
