import type { FC } from 'hono/jsx';
import { productCategories } from '../../db/schema/index.ts';
import type { Product } from '../../src/catalog/index.ts';
import type { FieldErrors } from '../forms.ts';
import { bindForm } from '../ui/bound-form.tsx';
import { Card, Checkbox, Csrf, FieldError, FormErrorSummary, SaveOrCancel } from '../ui/components.tsx';
import { rupiah } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, translateMaybe } from '../ui/page-context.ts';
import { ActiveBadge, DataTable, NewButton, ToggleActiveButton } from '../ui/table.tsx';

export const ListPage: FC<{ ctx: PageContext; products: Product[] }> = ({ ctx, products }) => {
  const { t } = ctx;
  const section = (kind: 'package' | 'addon') => (
    <Card title={t(kind === 'package' ? 'admin.prd.packages' : 'admin.prd.addons')}>
      <DataTable
        columns={[
          '',
          t('admin.common.name'),
          t('admin.prd.category'),
          { label: t('admin.common.price'), num: true },
          t('admin.common.status'),
          '',
        ]}
      >
        {products
          .filter((p) => p.kind === kind)
          .map((p) => (
            <tr>
              <td>
                {p.photoFileId ? (
                  <img class="thumb" src={`/admin/files/${p.photoFileId}`} alt="" loading="lazy" />
                ) : null}
              </td>
              <td>
                <a href={`/admin/products/${p.id}`}>{p.name}</a>
                <div class="muted small">
                  {p.code}
                  {p.kind === 'package' ? ` · ${t('common.minutes', { count: p.durationMinutes })}` : ''}
                </div>
              </td>
              <td>{translateMaybe(t, `common.category.${p.category}`)}</td>
              <td class="num">{rupiah(p.price)}</td>
              <td>
                <ActiveBadge t={t} active={p.active} />
              </td>
              <td>
                <ToggleActiveButton ctx={ctx} action={`/admin/products/${p.id}/active`} active={p.active} />
              </td>
            </tr>
          ))}
      </DataTable>
    </Card>
  );
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.products')}
      actions={<NewButton href="/admin/products/new" label={t('admin.prd.new')} />}
    >
      {section('package')}
      {section('addon')}
    </Layout>
  );
};
export type Values = Record<string, string | boolean | number | null | undefined>;
export const FormPage: FC<{ ctx: PageContext; product?: Product; values: Values; errors?: FieldErrors }> = ({
  ctx,
  product,
  values,
  errors,
}) => {
  const { t } = ctx;
  const { Field, TextArea, Select, value: v } = bindForm(t, values, errors);
  return (
    <Layout ctx={ctx} title={product ? product.name : t('admin.prd.new')}>
      <section class="card">
        <FormErrorSummary t={t} errors={errors} />
        <form
          method="post"
          action={product ? `/admin/products/${product.id}` : '/admin/products'}
          enctype="multipart/form-data"
          class="stack"
        >
          <Csrf ctx={ctx} />
          <Select
            name="kind"
            label={t('admin.prd.kind')}
            value={v('kind') || 'package'}
            options={[
              { value: 'package', label: t('admin.prd.kindPackage') },
              { value: 'addon', label: t('admin.prd.kindAddon') },
            ]}
          />
          <Field name="code" label={t('admin.common.code')} placeholder="STD-01" required />
          <Field name="name" label={t('admin.prd.nameId')} required />
          <Field name="nameEn" label={`${t('admin.prd.nameEn')} (${t('admin.form.optional')})`} />
          <Select
            name="category"
            label={t('admin.prd.category')}
            value={v('category') || 'studio'}
            options={productCategories.map((c) => ({
              value: c,
              label: t(`common.category.${c}`),
            }))}
          />
          <Field
            name="price"
            label={t('admin.prd.priceRp')}
            inputmode="numeric"
            placeholder="150000"
            required
          />
          <Field
            name="durationMinutes"
            label={t('admin.prd.duration')}
            value={v('durationMinutes') || '0'}
            inputmode="numeric"
            hint={t('admin.prd.durationHint')}
          />
          <TextArea name="description" label={t('admin.prd.description')} rows={3} />
          <TextArea
            name="descriptionEn"
            label={`${t('admin.prd.descriptionEn')} (${t('admin.form.optional')})`}
            rows={3}
          />
          <Field
            name="sortOrder"
            label={t('admin.prd.sortOrder')}
            value={v('sortOrder') || '0'}
            inputmode="numeric"
          />
          <div class={`field${errors?.photo ? ' invalid' : ''}`}>
            <label for="f-photo">{t('admin.prd.photo')}</label>
            {product?.photoFileId ? (
              <img
                class="photo"
                src={`/admin/files/${product.photoFileId}`}
                alt=""
                style="max-height:180px;margin-bottom:.5rem"
              />
            ) : null}
            <input id="f-photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp" />
            <p class="hint">{t('admin.prd.photoHint')}</p>
            <FieldError t={t} name="photo" errors={errors} />
          </div>
          <Checkbox name="active" label={t('admin.common.active')} checked={values.active !== false} />
          <SaveOrCancel t={t} cancelHref="/admin/products" />
        </form>
      </section>
    </Layout>
  );
};
