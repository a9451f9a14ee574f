import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { productCategories } from '../../db/schema/index.ts';
import {
  createProduct,
  getProduct,
  listProducts,
  type Product,
  setProductActive,
  updateProduct,
} from '../../src/catalog/index.ts';
import { isAppError } from '../../src/errors.ts';
import { storeImage } from '../../src/files/store.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, type FormData, file, readForm, text, validate } from '../forms.ts';
import {
  Card,
  Checkbox,
  Csrf,
  Field,
  FieldError,
  FormErrorSummary,
  SaveOrCancel,
  Select,
  TextArea,
} from '../ui/components.tsx';
import { rupiah } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext, translateMaybe } from '../ui/page-context.ts';
import { ActiveBadge, DataTable, NewButton, ToggleActiveButton } from '../ui/table.tsx';
import { productFormSchema } from './catalog.schema.ts';
import { flashRedirect, idParam } from './helpers.ts';

/** Product photos are scaled down to 1600 px on the longest side: sharp on a phone, light in a chat. */
const PHOTO_MAX_DIMENSION = 1600;

const ListPage: FC<{ ctx: PageContext; products: Product[] }> = ({ ctx, products }) => {
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

type Values = Record<string, string | boolean | number | null | undefined>;

const FormPage: FC<{ ctx: PageContext; product?: Product; values: Values; errors?: FieldErrors }> = ({
  ctx,
  product,
  values,
  errors,
}) => {
  const { t } = ctx;
  const v = (name: string) =>
    values[name] === null || values[name] === undefined ? '' : String(values[name]);
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
            t={t}
            name="kind"
            label={t('admin.prd.kind')}
            value={v('kind') || 'package'}
            errors={errors}
            options={[
              { value: 'package', label: t('admin.prd.kindPackage') },
              { value: 'addon', label: t('admin.prd.kindAddon') },
            ]}
          />
          <Field
            t={t}
            name="code"
            label={t('admin.common.code')}
            value={v('code')}
            errors={errors}
            placeholder="STD-01"
            required
          />
          <Field t={t} name="name" label={t('admin.prd.nameId')} value={v('name')} errors={errors} required />
          <Field
            t={t}
            name="nameEn"
            label={`${t('admin.prd.nameEn')} (${t('admin.form.optional')})`}
            value={v('nameEn')}
            errors={errors}
          />
          <Select
            t={t}
            name="category"
            label={t('admin.prd.category')}
            value={v('category') || 'studio'}
            errors={errors}
            options={productCategories.map((c) => ({
              value: c,
              label: t(`common.category.${c}`),
            }))}
          />
          <Field
            t={t}
            name="price"
            label={t('admin.prd.priceRp')}
            value={v('price')}
            errors={errors}
            inputmode="numeric"
            placeholder="150000"
            required
          />
          <Field
            t={t}
            name="durationMinutes"
            label={t('admin.prd.duration')}
            value={v('durationMinutes') || '0'}
            errors={errors}
            inputmode="numeric"
            hint={t('admin.prd.durationHint')}
          />
          <TextArea
            t={t}
            name="description"
            label={t('admin.prd.description')}
            value={v('description')}
            errors={errors}
            rows={3}
          />
          <TextArea
            t={t}
            name="descriptionEn"
            label={`${t('admin.prd.descriptionEn')} (${t('admin.form.optional')})`}
            value={v('descriptionEn')}
            errors={errors}
            rows={3}
          />
          <Field
            t={t}
            name="sortOrder"
            label={t('admin.prd.sortOrder')}
            value={v('sortOrder') || '0'}
            errors={errors}
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

function formValues(form: FormData): Values {
  const names = [
    'code',
    'kind',
    'name',
    'nameEn',
    'category',
    'description',
    'descriptionEn',
    'price',
    'durationMinutes',
    'sortOrder',
  ];
  return {
    ...Object.fromEntries(names.map((n) => [n, text(form, n)])),
    active: text(form, 'active') === '1',
  };
}

/** The uploaded photo, checked by content and resized; a field error when it is not a usable image. */
async function storePhoto(deps: AdminContext, form: FormData): Promise<{ id?: number; error?: string }> {
  const upload = file(form, 'photo');
  if (!upload) return {};
  try {
    const stored = await storeImage(deps.db, {
      data: new Uint8Array(await upload.arrayBuffer()),
      purpose: 'product',
      originalName: upload.name.slice(0, 200),
      maxDimension: PHOTO_MAX_DIMENSION,
    });
    return { id: stored.id };
  } catch (error) {
    if (isAppError(error, 'FILE_TOO_LARGE')) return { error: 'admin.v.imageTooLarge' };
    if (isAppError(error, 'FILE_NOT_IMAGE')) return { error: 'admin.v.image' };
    throw error;
  }
}

function domainErrors(error: unknown): FieldErrors | undefined {
  if (!isAppError(error, 'VALIDATION')) return undefined;
  const errors: FieldErrors = {};
  for (const f of error.fields) errors[f.field] ??= f.field === 'code' ? 'admin.v.codeTaken' : f.message;
  return errors;
}

export function productRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('products'));

  app.get('/', async (c) => {
    const products = await listProducts(deps.db, { includeInactive: true });
    return c.html(<ListPage ctx={pageContext(c, deps.timeZone)} products={products} />);
  });
  app.get('/new', (c) =>
    c.html(<FormPage ctx={pageContext(c, deps.timeZone)} values={{ kind: 'package', active: true }} />),
  );

  const save = async (c: Context<AdminEnv>, product: Product | undefined) => {
    const ctx = pageContext(c, deps.timeZone);
    const form = await readForm(c);
    const values = formValues(form);
    const parsed = validate(productFormSchema, values);
    // The photo is only stored once the rest of the form is valid, so a typo leaves no orphan file.
    const photo = parsed.ok ? await storePhoto(deps, form) : {};
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (photo.error) errors.photo = photo.error;
    if (!parsed.ok || photo.error)
      return c.html(<FormPage ctx={ctx} product={product} values={values} errors={errors} />, 400);
    const data = { ...parsed.data, ...(photo.id ? { photoFileId: photo.id } : {}) };
    try {
      const saved = product
        ? await updateProduct(deps.db, product.id, data)
        : await createProduct(deps.db, data);
      return flashRedirect(c, `/admin/products/${saved.id}`, product ? 'saved' : 'created');
    } catch (error) {
      const fieldErrors = domainErrors(error);
      if (fieldErrors)
        return c.html(<FormPage ctx={ctx} product={product} values={values} errors={fieldErrors} />, 400);
      throw error;
    }
  };

  app.post('/', (c) => save(c, undefined));
  app.get('/:id', async (c) => {
    const product = await getProduct(deps.db, idParam(c));
    const { createdAt: _c, updatedAt: _u, ...values } = product;
    return c.html(<FormPage ctx={pageContext(c, deps.timeZone)} product={product} values={values} />);
  });
  app.post('/:id', async (c) => save(c, await getProduct(deps.db, idParam(c))));
  app.post('/:id/active', async (c) => {
    const id = idParam(c);
    await setProductActive(deps.db, id, text(await readForm(c), 'active') === '1');
    return flashRedirect(c, '/admin/products', 'saved');
  });
  return app;
}
