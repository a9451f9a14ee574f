import { type Context, Hono } from 'hono';
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
import { FormPage, ListPage, type Values } from '../pages/products.tsx';
import { pageContext } from '../ui/page-context.ts';
import { productFormSchema } from './catalog.schema.ts';
import { flashRedirect, idParam } from './helpers.ts';

/** Product photos are scaled down to 1600 px on the longest side: sharp on a phone, light in a chat. */
const PHOTO_MAX_DIMENSION = 1600;
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
