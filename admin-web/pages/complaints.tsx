import type { FC } from 'hono/jsx';
import type { ComplaintListRow, ComplaintThread } from '../../src/feedback/index.ts';
import { formatPhone, type Translate } from '../../src/i18n/index.ts';
import type { FieldErrors } from '../forms.ts';
import {
  ActionButton,
  Card,
  Csrf,
  ErrorAlert,
  FieldError,
  href,
  Pager,
  StatusBadge,
  TextArea,
} from '../ui/components.tsx';
import { shortWhen, when } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import type { PageContext } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';

/** "Pertanyaan dari chat": a question the chat's FAQ could not answer, labelled in the staff's language. */
export const KindBadge: FC<{ t: Translate }> = ({ t }) => (
  <span class="badge blue">{t('admin.cmp.kind.question')}</span>
);

export const InboxPage: FC<{
  ctx: PageContext;
  status: string;
  rows: ComplaintListRow[];
  nextCursor: string | null;
  cursor: string;
  errors?: FieldErrors | undefined;
}> = ({ ctx, status, rows, nextCursor, cursor, errors }) => {
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
        <FieldError t={t} name="cursor" errors={errors} />
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
                {r.kind === 'question' ? <KindBadge t={t} /> : null}
                <a href={`/admin/complaints/${r.id}`}>{r.subject}</a>
                <div class="muted small">{t('admin.cmp.messages', { count: r.messageCount })}</div>
              </td>
              <td>{r.customerName}</td>
              <td class="small">
                {shortWhen(ctx, r.lastMessageAt ?? r.createdAt)}
                {r.lastAuthor === 'customer' && r.status !== 'closed' ? (
                  <div>
                    <span class="badge red">{t('admin.cmp.needsReply')}</span>
                  </div>
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
export const ThreadPage: FC<{
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
      <ErrorAlert message={alert} />
      {c.kind === 'question' ? (
        <p>
          <KindBadge t={t} />
        </p>
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
