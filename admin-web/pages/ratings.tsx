import type { FC } from 'hono/jsx';
import type { RatingRow } from '../../src/feedback/index.ts';
import { formatNumber } from '../../src/i18n/index.ts';
import type { ProductRatings } from '../../src/reports/index.ts';
import type { FieldErrors } from '../forms.ts';
import { Card, Empty, FieldError, href, Pager } from '../ui/components.tsx';
import { shortWhen, stars } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import type { PageContext } from '../ui/page-context.ts';
import { DataTable } from '../ui/table.tsx';

/** The trend column compares the last 30 days with the 30 days before them. */
export const TREND_DAYS = 30;

export const RatingsPage: FC<{
  ctx: PageContext;
  perProduct: ProductRatings[];
  recent: Map<number, ProductRatings>;
  previous: Map<number, ProductRatings>;
  rows: RatingRow[];
  nextCursor: string | null;
  productId: number | undefined;
  cursor: string;
  errors?: FieldErrors | undefined;
}> = ({ ctx, perProduct, recent, previous, rows, nextCursor, productId, cursor, errors }) => {
  const { t, locale } = ctx;
  const trend = (id: number) => {
    const now = recent.get(id);
    const before = previous.get(id);
    if (!now || !before) return <span class="muted">—</span>;
    const diff = now.average - before.average;
    if (Math.abs(diff) < 0.05) return <span class="muted">→ {t('admin.rat.steady')}</span>;
    return diff > 0 ? (
      <span class="badge green">▲ {formatNumber(Math.round(diff * 10) / 10, locale)}</span>
    ) : (
      <span class="badge red">▼ {formatNumber(Math.round(-diff * 10) / 10, locale)}</span>
    );
  };
  return (
    <Layout ctx={ctx} title={t('admin.nav.ratings')}>
      <Card title={t('admin.rat.perProduct')}>
        <DataTable
          count={perProduct.length}
          empty={t('admin.rat.none')}
          columns={[
            t('admin.common.package'),
            t('admin.rat.average'),
            { label: t('admin.rat.count'), num: true },
            t('admin.rat.trend', { days: TREND_DAYS }),
          ]}
        >
          {perProduct.map((p) => (
            <tr>
              <td>
                <a href={href('/admin/ratings', { product: p.productId })}>{p.name}</a>
              </td>
              <td>
                <span class="stars">{stars(p.average)}</span> {formatNumber(p.average, locale)}
              </td>
              <td class="num">{p.count}</td>
              <td>{trend(p.productId)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
      <Card
        title={t('admin.rat.comments')}
        actions={productId ? <a href="/admin/ratings">{t('admin.form.all')}</a> : undefined}
      >
        <FieldError t={t} name="cursor" errors={errors} />
        {rows.length === 0 ? (
          <Empty>{t('admin.rat.none')}</Empty>
        ) : (
          <div class="thread">
            {rows.map((r) => (
              <div class="msg">
                <div class="meta">
                  <span class="stars">{stars(r.stars)}</span> · {r.productName} ·{' '}
                  <a href={`/admin/customers/${r.customerId}`}>{r.customerName}</a> ·{' '}
                  {shortWhen(ctx, r.createdAt)}
                </div>
                {r.comment ? r.comment : <span class="muted">{t('admin.rat.noComment')}</span>}
              </div>
            ))}
          </div>
        )}
        <Pager
          t={t}
          nextHref={
            nextCursor ? href('/admin/ratings', { product: productId, cursor: nextCursor }) : undefined
          }
          firstHref={cursor ? href('/admin/ratings', { product: productId }) : undefined}
        />
      </Card>
    </Layout>
  );
};
