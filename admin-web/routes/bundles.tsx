import { type Context, Hono } from 'hono';
import {
  type BundleDetail,
  createBundle,
  getBundle,
  listBundles,
  listProducts,
  setBundleActive,
  updateBundle,
} from '../../src/catalog/index.ts';
import { isAppError } from '../../src/errors.ts';
import { parseIsoDate, zonedTimeToInstant } from '../../src/time.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, type FormData, readForm, text, texts, validate } from '../forms.ts';
import { FormPage, ListPage, type Values } from '../pages/bundles.tsx';
import { isoDay } from '../ui/format.ts';
import { pageContext } from '../ui/page-context.ts';
import { bundleFormSchema } from './catalog.schema.ts';
import { flashRedirect, idParam } from './helpers.ts';

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
    const atMidnight = (iso: string) =>
      iso ? zonedTimeToInstant(parseIsoDate(iso)!, '00:00', deps.timeZone) : null;
    const input = {
      ...d,
      validFrom: atMidnight(d.validFrom),
      // The end date is inclusive: the offer runs to the end of that day.
      validTo: d.validTo ? zonedTimeToInstant(parseIsoDate(d.validTo)!, '23:59', deps.timeZone) : null,
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
