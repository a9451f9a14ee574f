import { type Context, Hono } from 'hono';
import {
  createFaq,
  deleteFaq,
  type FaqEntry,
  getFaq,
  listFaq,
  moveFaq,
  updateFaq,
} from '../../src/faq/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FormData, readForm, text, validate } from '../forms.ts';
import { FormPage, ListPage, type Values } from '../pages/faq.tsx';
import { pageContext } from '../ui/page-context.ts';
import { faqFormSchema } from './faq.schema.ts';
import { flashRedirect, idParam } from './helpers.ts';

function formValues(form: FormData): Values {
  const names = ['question', 'answer', 'questionEn', 'answerEn', 'keywords'];
  return {
    ...Object.fromEntries(names.map((n) => [n, text(form, n)])),
    active: text(form, 'active') === '1',
  };
}
export function faqRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('faq'));
  app.get('/', async (c) =>
    c.html(
      <ListPage
        ctx={pageContext(c, deps.timeZone)}
        entries={await listFaq(deps.db, { includeInactive: true })}
      />,
    ),
  );
  app.get('/new', (c) => c.html(<FormPage ctx={pageContext(c, deps.timeZone)} values={{ active: true }} />));

  const save = async (c: Context<AdminEnv>, entry: FaqEntry | undefined) => {
    const values = formValues(await readForm(c));
    const parsed = validate(faqFormSchema, values);
    if (!parsed.ok)
      return c.html(
        <FormPage ctx={pageContext(c, deps.timeZone)} entry={entry} values={values} errors={parsed.errors} />,
        400,
      );
    if (entry) await updateFaq(deps.db, entry.id, parsed.data);
    else await createFaq(deps.db, parsed.data);
    return flashRedirect(c, '/admin/faq', entry ? 'saved' : 'created');
  };
  app.post('/', (c) => save(c, undefined));
  app.get('/:id', async (c) => {
    const entry = await getFaq(deps.db, idParam(c));
    return c.html(
      <FormPage
        ctx={pageContext(c, deps.timeZone)}
        entry={entry}
        values={{
          question: entry.question,
          answer: entry.answer,
          questionEn: entry.questionEn,
          answerEn: entry.answerEn,
          keywords: entry.keywords,
          active: entry.active,
        }}
      />,
    );
  });
  app.post('/:id', async (c) => save(c, await getFaq(deps.db, idParam(c))));
  app.post('/:id/move', async (c) => {
    const direction = text(await readForm(c), 'direction');
    if (direction !== 'up' && direction !== 'down') return c.text(c.get('t')('admin.v.choose'), 400);
    await moveFaq(deps.db, idParam(c), direction);
    return c.redirect('/admin/faq', 303);
  });
  app.post('/:id/delete', async (c) => {
    await deleteFaq(deps.db, idParam(c));
    return flashRedirect(c, '/admin/faq', 'deleted');
  });
  return app;
}
