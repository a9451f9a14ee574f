import type { FC } from 'hono/jsx';
import type { BundleDetail, Product } from '../../src/catalog/index.ts';
import type { FieldErrors } from '../forms.ts';
import { bindForm } from '../ui/bound-form.tsx';
import { Card, Checkbox, Csrf, FieldError, FormErrorSummary, SaveOrCancel } from '../ui/components.tsx';
import { day, rupiah } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import type { PageContext } from '../ui/page-context.ts';
import { ActiveBadge, DataTable, NewButton, ToggleActiveButton } from '../ui/table.tsx';

export const ListPage: FC<{ ctx: PageContext; bundles: BundleDetail[]; products: Map<number, Product> }> = ({
  ctx,
  bundles,
  products,
}) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.bundles')}
      actions={<NewButton href="/admin/bundles/new" label={t('admin.bnd.new')} />}
    >
      <Card>
        <DataTable
          count={bundles.length}
          empty={t('admin.bnd.none')}
          columns={[
            t('admin.common.name'),
            t('admin.bnd.addon'),
            t('admin.bnd.withPackages'),
            { label: t('admin.bnd.price'), num: true },
            t('admin.common.status'),
            '',
          ]}
        >
          {bundles.map((b) => (
            <tr>
              <td>
                <a href={`/admin/bundles/${b.bundle.id}`}>{b.bundle.name}</a>
                {b.bundle.validTo ? (
                  <div class="muted small">{t('admin.bnd.until', { date: day(ctx, b.bundle.validTo) })}</div>
                ) : null}
              </td>
              <td>{b.addon.name}</td>
              <td class="small">{b.productIds.map((id) => products.get(id)?.name ?? `#${id}`).join(', ')}</td>
              <td class="num">
                {rupiah(b.price)}
                {b.saving > 0 ? (
                  <div class="muted small">{t('admin.bnd.saving', { amount: rupiah(b.saving) })}</div>
                ) : null}
              </td>
              <td>
                <ActiveBadge t={t} active={b.bundle.active} />
              </td>
              <td>
                <ToggleActiveButton
                  ctx={ctx}
                  action={`/admin/bundles/${b.bundle.id}/active`}
                  active={b.bundle.active}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </Layout>
  );
};
export type Values = Record<string, string | string[] | boolean | undefined>;
export const FormPage: FC<{
  ctx: PageContext;
  bundle?: BundleDetail;
  values: Values;
  errors?: FieldErrors;
  products: Product[];
}> = ({ ctx, bundle, values, errors, products }) => {
  const { t } = ctx;
  const { Field, TextArea, Select, value: v } = bindForm(t, values, errors);
  const picked = new Set(Array.isArray(values.productIds) ? values.productIds : []);
  return (
    <Layout ctx={ctx} title={bundle ? bundle.bundle.name : t('admin.bnd.new')}>
      <section class="card">
        <FormErrorSummary t={t} errors={errors} />
        <form
          method="post"
          action={bundle ? `/admin/bundles/${bundle.bundle.id}` : '/admin/bundles'}
          class="stack"
        >
          <Csrf ctx={ctx} />
          <Field name="name" label={t('admin.bnd.name')} placeholder="Paket Wisuda + Cetak 10R" required />
          <Field name="nameEn" label={`${t('admin.prd.nameEn')} (${t('admin.form.optional')})`} />
          <TextArea name="description" label={t('admin.prd.description')} rows={2} />
          <Select
            name="addonProductId"
            label={t('admin.bnd.addon')}
            blank={t('admin.v.choose')}
            options={products
              .filter((p) => p.kind === 'addon')
              .map((p) => ({ value: String(p.id), label: `${p.name} (${rupiah(p.price)})` }))}
          />
          <fieldset class={`field${errors?.productIds ? ' invalid' : ''}`}>
            <legend>
              <strong>{t('admin.bnd.withPackages')}</strong>
            </legend>
            {products
              .filter((p) => p.kind === 'package')
              .map((p) => (
                <label class="check">
                  <input
                    type="checkbox"
                    name="productIds"
                    value={String(p.id)}
                    checked={picked.has(String(p.id))}
                  />{' '}
                  {p.name}
                </label>
              ))}
            <FieldError t={t} name="productIds" errors={errors} />
          </fieldset>
          <Field
            name="bundlePrice"
            label={t('admin.bnd.bundlePrice')}
            inputmode="numeric"
            hint={t('admin.bnd.bundlePriceHint')}
          />
          <Field
            name="discountAmount"
            label={t('admin.bnd.discount')}
            value={v('discountAmount') || '0'}
            inputmode="numeric"
          />
          <Field
            name="validFrom"
            type="date"
            label={`${t('admin.bnd.validFrom')} (${t('admin.form.optional')})`}
          />
          <Field
            name="validTo"
            type="date"
            label={`${t('admin.bnd.validTo')} (${t('admin.form.optional')})`}
          />
          <Checkbox name="active" label={t('admin.common.active')} checked={values.active !== false} />
          <SaveOrCancel t={t} cancelHref="/admin/bundles" />
        </form>
      </section>
    </Layout>
  );
};
