import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { z } from 'zod';
import { complaintStatuses } from '../../db/schema/index.ts';
import { isAppError } from '../../src/errors.ts';
import {
  type ComplaintListRow,
  type ComplaintThread,
  closeComplaint,
  getComplaintThread,
  listComplaints,
  replyToComplaint,
} from '../../src/feedback/index.ts';
import { errorMessage, formatPhone } from '../../src/i18n/index.ts';
import { recordAudit } from '../../src/staff/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, readForm, text, validate } from '../forms.ts';
import { ActionButton, Card, Csrf, href, Pager, StatusBadge, TextArea } from '../ui/components.tsx';
import { shortWhen, when } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';
import { flashRedirect, idParam, notifyCustomer } from './helpers.ts';

export const replySchema = z.object({
  body: z.string().trim().min(1, 'admin.v.required').max(4000, 'admin.v.tooLong'),
});

const InboxPage: FC<{
  ctx: PageContext;
  status: string;
  rows: ComplaintListRow[];
  nextCursor: string | null;
  cursor: string;
}> = ({ ctx, status, rows, nextCursor, cursor }) => {
  const { t } = ctx;
  const tabs = ['open', 'answered', 'closed', ''] as const;
  return (
    <Layout ctx={ctx} title={t('admin.nav.complaints')}>
      <nav class="btn-row" style="margin-bottom:1rem">
        {tabs.map((s) => (
          <a
            class={`btn ${s === status ? 'primary' : 'secondary'}`}
            href={href('/admin/complaints', { status: s || 'all' })}
          >
            {s ? t(`common.complaintStatus.${s}`) : t('admin.form.all')}
          </a>
        ))}
      </nav>
      <section class="card">
        <DataTable
          count={rows.length}
          empty={t('admin.cmp.none')}
          columns={[
            t('admin.common.code'),
            t('admin.cmp.subject'),
            t('admin.common.customer'),
            t('admin.cmp.lastMessage'),
            t('admin.common.status'),
          ]}
        >
          {rows.map((r) => (
            <tr class="row-link">
              <td>
                <a href={`/admin/complaints/${r.id}`}>{r.code}</a>
              </td>
              <td>
                <a href={`/admin/complaints/${r.id}`}>{r.subject}</a>
                <div class="muted small">{t('admin.cmp.messages', { count: r.messageCount })}</div>
              </td>
              <td>{r.customerName}</td>
              <td class="small">
                {shortWhen(ctx, r.lastMessageAt ?? r.createdAt)}
                {r.lastAuthor === 'customer' && r.status !== 'closed' ? (
                  <div class="badge red">{t('admin.cmp.needsReply')}</div>
                ) : null}
              </td>
              <td>
                <StatusBadge t={t} status={r.status} prefix="complaintStatus" />
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager
          t={t}
          nextHref={
            nextCursor
              ? href('/admin/complaints', { status: status || 'all', cursor: nextCursor })
              : undefined
          }
          firstHref={cursor ? href('/admin/complaints', { status: status || 'all' }) : undefined}
        />
      </section>
    </Layout>
  );
};

const ThreadPage: FC<{
  ctx: PageContext;
  thread: ComplaintThread;
  errors?: FieldErrors;
  body?: string;
  alert?: string;
}> = ({ ctx, thread, errors, body, alert }) => {
  const { t } = ctx;
  const c = thread.complaint;
  return (
    <Layout ctx={ctx} title={`${c.code} · ${c.subject}`}>
      {alert ? (
        <div class="alert error" role="alert">
          {alert}
        </div>
      ) : null}
      <div class="grid">
        <Card title={<StatusBadge t={t} status={c.status} prefix="complaintStatus" />}>
          <dl class="facts">
            <dt>{t('admin.common.customer')}</dt>
            <dd>
              <a href={`/admin/customers/${thread.customer.id}`}>{thread.customer.name}</a> (
              {thread.customer.code})<div>{formatPhone(thread.customer.phone)}</div>
            </dd>
            {thread.reservation ? (
              <>
                <dt>{t('admin.res.booking')}</dt>
                <dd>
                  <a href={`/admin/reservations/${thread.reservation.id}`}>{thread.reservation.code}</a> ·{' '}
                  {shortWhen(ctx, thread.reservation.startAt)}
                </dd>
              </>
            ) : null}
            <dt>{t('admin.common.createdAt')}</dt>
            <dd>{when(ctx, c.createdAt)}</dd>
          </dl>
        </Card>
      </div>
      <Card title={t('admin.cmp.thread')}>
        <div class="thread">
          {thread.messages.map((m) => (
            <div class={`msg ${m.author}`}>
              <div class="meta">
                {m.author === 'staff' ? (m.staffName ?? t('admin.role.staff')) : thread.customer.name} ·{' '}
                {shortWhen(ctx, m.createdAt)}
              </div>
              {m.body}
              {m.fileId ? (
                <a href={`/admin/files/${m.fileId}`} target="_blank" rel="noopener">
                  <img
                    class="photo"
                    src={`/admin/files/${m.fileId}`}
                    alt={t('admin.cmp.photo')}
                    loading="lazy"
                  />
                </a>
              ) : null}
            </div>
          ))}
        </div>
      </Card>
      {c.status !== 'closed' ? (
        <Card title={t('admin.cmp.reply')}>
          <form method="post" action={`/admin/complaints/${c.id}/reply`} class="stack">
            <Csrf ctx={ctx} />
            <TextArea
              t={t}
              name="body"
              label={t('admin.cmp.replyLabel')}
              value={body}
              errors={errors}
              rows={4}
              hint={t('admin.cmp.replyHint')}
              required
            />
            <div class="btn-row">
              <button type="submit" class="btn primary">
                {t('admin.cmp.send')}
              </button>
            </div>
          </form>
          <div style="margin-top:1rem">
            <ActionButton
              ctx={ctx}
              action={`/admin/complaints/${c.id}/close`}
              label={t('admin.cmp.close')}
              confirm={t('admin.cmp.closeAsk')}
            />
          </div>
        </Card>
      ) : null}
    </Layout>
  );
};

export function complaintRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('complaints'));

  app.get('/', async (c) => {
    const asked = c.req.query('status') ?? 'open';
    const status = (complaintStatuses as readonly string[]).includes(asked)
      ? (asked as (typeof complaintStatuses)[number])
      : undefined;
    const cursor = c.req.query('cursor') ?? '';
    let page: Awaited<ReturnType<typeof listComplaints>>;
    try {
      page = await listComplaints(deps.db, { status, cursor: cursor || null, limit: 30 });
    } catch (error) {
      if (isAppError(error, 'VALIDATION')) page = await listComplaints(deps.db, { status, limit: 30 });
      else throw error;
    }
    return c.html(
      <InboxPage
        ctx={pageContext(c, deps.timeZone)}
        status={status ?? ''}
        rows={page.rows}
        nextCursor={page.nextCursor}
        cursor={cursor}
      />,
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
    let messageId: number;
    try {
      messageId = await deps.db.transaction(async (tx) => {
        const { message } = await replyToComplaint(tx, {
          complaintId: id,
          staffId,
          body: parsed.data.body,
          now: deps.clock(),
        });
        await recordAudit(tx, { staffId, action: 'complaint.reply', entityType: 'complaint', entityId: id });
        return message.id;
      });
    } catch (error) {
      if (isAppError(error, 'COMPLAINT_CLOSED'))
        return render(c, id, { alert: errorMessage(c.get('locale'), 'COMPLAINT_CLOSED') }, 409);
      throw error;
    }
    const notified = await notifyCustomer(deps, 'complaint reply', () =>
      deps.notifier.complaintReplied(id, parsed.data.body, messageId),
    );
    return flashRedirect(c, `/admin/complaints/${id}`, 'replied', notified);
  });

  app.post('/:id/close', async (c) => {
    const id = idParam(c);
    const staffId = c.get('staff').id;
    try {
      await deps.db.transaction(async (tx) => {
        await closeComplaint(tx, { complaintId: id, staffId, now: deps.clock() });
        await recordAudit(tx, { staffId, action: 'complaint.close', entityType: 'complaint', entityId: id });
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
