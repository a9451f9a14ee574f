import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import {
  type BundleDetail,
  createBundle,
  getBundle,
  listBundles,
  listProducts,
  type Product,
  setBundleActive,
  updateBundle,
} from '../../src/catalog/index.ts';
import { isAppError } from '../../src/errors.ts';
import { parseIsoDate } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, type FormData, readForm, text, texts, validate } from '../forms.ts';
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
import { day, isoDay, rupiah } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext } from '../ui/page-context.ts';
import { ActiveBadge, DataTable, NewButton, ToggleActiveButton } from '../ui/table.tsx';
import { bundleFormSchema } from './catalog.schema.ts';
import { flashRedirect, idParam, instantAt } from './helpers.ts';

const ListPage: FC<{ ctx: PageContext; bundles: BundleDetail[]; products: Map<number, Product> }> = ({
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

type Values = Record<string, string | string[] | boolean | undefined>;

const FormPage: FC<{
  ctx: PageContext;
  bundle?: BundleDetail;
  values: Values;
  errors?: FieldErrors;
  products: Product[];
}> = ({ ctx, bundle, values, errors, products }) => {
  const { t } = ctx;
  const v = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
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
          <Field
            t={t}
            name="name"
            label={t('admin.bnd.name')}
            value={v('name')}
            errors={errors}
            placeholder="Paket Wisuda + Cetak 10R"
            required
          />
          <Field
            t={t}
            name="nameEn"
            label={`${t('admin.prd.nameEn')} (${t('admin.form.optional')})`}
            value={v('nameEn')}
            errors={errors}
          />
          <TextArea
            t={t}
            name="description"
            label={t('admin.prd.description')}
            value={v('description')}
            errors={errors}
            rows={2}
          />
          <Select
            t={t}
            name="addonProductId"
            label={t('admin.bnd.addon')}
            value={v('addonProductId')}
            errors={errors}
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
            t={t}
            name="bundlePrice"
            label={t('admin.bnd.bundlePrice')}
            value={v('bundlePrice')}
            errors={errors}
            inputmode="numeric"
            hint={t('admin.bnd.bundlePriceHint')}
          />
          <Field
            t={t}
            name="discountAmount"
            label={t('admin.bnd.discount')}
            value={v('discountAmount') || '0'}
            errors={errors}
            inputmode="numeric"
          />
          <Field
            t={t}
            name="validFrom"
            type="date"
            label={`${t('admin.bnd.validFrom')} (${t('admin.form.optional')})`}
            value={v('validFrom')}
            errors={errors}
          />
          <Field
            t={t}
            name="validTo"
            type="date"
            label={`${t('admin.bnd.validTo')} (${t('admin.form.optional')})`}
            value={v('validTo')}
            errors={errors}
          />
          <Checkbox name="active" label={t('admin.common.active')} checked={values.active !== false} />
          <SaveOrCancel t={t} cancelHref="/admin/bundles" />
        </form>
      </section>
    </Layout>
  );
};

function formValues(form: FormData): Values {
  const names = [
    'name',
    'nameEn',
    'description',
    'addonProductId',
    'bundlePrice',
    'discountAmount',
    'validFrom',
    'validTo',
  ];
  return {
    ...Object.fromEntries(names.map((n) => [n, text(form, n)])),
    productIds: texts(form, 'productIds'),
    active: text(form, 'active') === '1',
  };
}

export function bundleRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('bundles'));
  const allProducts = () => listProducts(deps.db, { includeInactive: true });

  app.get('/', async (c) => {
    const [bundles, products] = await Promise.all([listBundles(deps.db), allProducts()]);
    return c.html(
      <ListPage
        ctx={pageContext(c, deps.timeZone)}
        bundles={bundles}
        products={new Map(products.map((p) => [p.id, p]))}
      />,
    );
  });
  app.get('/new', async (c) =>
    c.html(
      <FormPage
        ctx={pageContext(c, deps.timeZone)}
        values={{ active: true }}
        products={await allProducts()}
      />,
    ),
  );

  const save = async (c: Context<AdminEnv>, bundle: BundleDetail | undefined) => {
    const ctx = pageContext(c, deps.timeZone);
    const values = formValues(await readForm(c));
    const products = await allProducts();
    const parsed = validate(bundleFormSchema, values);
    if (!parsed.ok)
      return c.html(
        <FormPage ctx={ctx} bundle={bundle} values={values} errors={parsed.errors} products={products} />,
        400,
      );
    const d = parsed.data;
    const atMidnight = (iso: string) => (iso ? instantAt(parseIsoDate(iso)!, '00:00', deps.timeZone) : null);
    const input = {
      ...d,
      validFrom: atMidnight(d.validFrom),
      // The end date is inclusive: the offer runs to the end of that day.
      validTo: d.validTo ? instantAt(parseIsoDate(d.validTo)!, '23:59', deps.timeZone) : null,
    };
    try {
      if (bundle) await updateBundle(deps.db, bundle.bundle.id, input);
      else await createBundle(deps.db, input);
      return flashRedirect(c, '/admin/bundles', bundle ? 'saved' : 'created');
    } catch (error) {
      if (isAppError(error) && error.fields.length > 0) {
        const errors: FieldErrors = {};
        for (const f of error.fields) errors[f.field] ??= f.message;
        return c.html(
          <FormPage ctx={ctx} bundle={bundle} values={values} errors={errors} products={products} />,
          400,
        );
      }
      throw error;
    }
  };
  app.post('/', (c) => save(c, undefined));
  app.get('/:id', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const bundle = await getBundle(deps.db, idParam(c));
    const b = bundle.bundle;
    const values: Values = {
      name: b.name,
      nameEn: b.nameEn ?? '',
      description: b.description,
      addonProductId: String(b.addonProductId),
      productIds: bundle.productIds.map(String),
      bundlePrice: b.bundlePrice === null ? '' : String(b.bundlePrice),
      discountAmount: String(b.discountAmount),
      validFrom: b.validFrom ? isoDay(ctx, b.validFrom) : '',
      validTo: b.validTo ? isoDay(ctx, b.validTo) : '',
      active: b.active,
    };
    return c.html(<FormPage ctx={ctx} bundle={bundle} values={values} products={await allProducts()} />);
  });
  app.post('/:id', async (c) => save(c, await getBundle(deps.db, idParam(c))));
  app.post('/:id/active', async (c) => {
    await setBundleActive(deps.db, idParam(c), text(await readForm(c), 'active') === '1');
    return flashRedirect(c, '/admin/bundles', 'saved');
  });
  return app;
}
