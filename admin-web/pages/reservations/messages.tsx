import type { FC } from 'hono/jsx';
import type { MessageHistoryEntry } from '../../../src/messaging/outbox-store.ts';
import { Card } from '../../ui/components.tsx';
import { when } from '../../ui/format.ts';
import type { PageContext } from '../../ui/page-context.ts';

/** Shown texts are cut here (characters): the row says which message it is, the chat has the rest. */
const PREVIEW = 90;

const stateClass: Record<MessageHistoryEntry['state'], string> = {
  pending: 'badge amber',
  queued: 'badge blue',
  sent: 'badge green',
  failed: 'badge red',
  blocked: 'badge red',
  skipped: 'badge',
};

/** What the customer was told about this booking or complaint, and what became of each message. */
export const MessageHistory: FC<{ ctx: PageContext; messages: MessageHistoryEntry[] }> = ({
  ctx,
  messages,
}) => {
  const { t } = ctx;
  if (messages.length === 0) return null;
  return (
    <Card title={t('admin.messages.title')}>
      <ul class="small message-history">
        {messages.map((m) => (
          <li>
            <span class={stateClass[m.state]}>{t(`admin.messages.state.${m.state}`)}</span>{' '}
            {t(`admin.messages.channel.${m.channel}`)} · {when(ctx, m.createdAt)}
            {m.state === 'sent' && m.sentAt
              ? ` · ${t('admin.messages.sentAt', { at: when(ctx, m.sentAt) })}`
              : ''}
            {m.error && m.state !== 'sent' ? (
              <div class="muted">{t('admin.messages.reason', { reason: m.error })}</div>
            ) : null}
            <div class="muted">{m.text.length > PREVIEW ? `${m.text.slice(0, PREVIEW)}…` : m.text}</div>
          </li>
        ))}
      </ul>
      {messages.some((m) => m.state === 'pending') ? (
        <p class="hint">{t('admin.messages.pendingHint')}</p>
      ) : null}
    </Card>
  );
};
