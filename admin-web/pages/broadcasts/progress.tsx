import type { FC } from 'hono/jsx';
import type { Broadcast, RecipientCounts, SegmentInput } from '../../../src/broadcasts/index.ts';
import type { Translate } from '../../../src/i18n/index.ts';
import { translateMaybe } from '../../ui/page-context.ts';

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
export const Progress: FC<{ t: Translate; counts: RecipientCounts; broadcast: Broadcast }> = ({
  t,
  counts,
  broadcast,
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
    <div class="broadcast-progress">
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
      {broadcast.resumedAt ? (
        <p class="muted small" data-resumed>
          {t('admin.bc.resumed', { count: broadcast.resumeCount })}
        </p>
      ) : null}
    </div>
  );
};
