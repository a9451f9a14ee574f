import type { FC } from 'hono/jsx';
import type { OwedSummary } from '../../src/messaging/outbox-store.ts';
import { when } from '../ui/format.ts';
import type { PageContext } from '../ui/page-context.ts';

/** The dashboard's word on messages still owed: waiting for Redis, or for a platform that does not answer. */
export const MessagesWaiting: FC<{ ctx: PageContext; owed: OwedSummary | undefined }> = ({ ctx, owed }) => {
  if (!owed || (owed.waitingForQueue === 0 && owed.waitingForPlatform === 0)) return null;
  const { t } = ctx;
  return (
    <div class="alert warn" role="status">
      {owed.waitingForQueue > 0 ? (
        <p>
          {t('admin.dash.messagesWaiting', {
            count: String(owed.waitingForQueue),
            since: owed.oldestDueAt ? when(ctx, owed.oldestDueAt) : '—',
          })}
        </p>
      ) : null}
      {owed.waitingForPlatform > 0 ? (
        <p>{t('admin.dash.messagesSlow', { count: String(owed.waitingForPlatform) })}</p>
      ) : null}
    </div>
  );
};
