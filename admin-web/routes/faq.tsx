import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { z } from 'zod';
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
import { type FieldErrors, type FormData, readForm, text, validate } from '../forms.ts';
import {
  ActionButton,
  Badge,
  Card,
  Checkbox,
  Csrf,
  Field,
  FormErrorSummary,
  SaveOrCancel,
  TextArea,
} from '../ui/components.tsx';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext } from '../ui/page-context.ts';
import { DataTable, NewButton } from '../ui/table.tsx';
import { flashRedirect, idParam } from './helpers.ts';

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'admin.v.tooLong')
    .transform((v) => (v === '' ? null : v));

export const faqFormSchema = z.object({
  question: z.string().trim().min(3, 'admin.v.required').max(300, 'admin.v.tooLong'),
  answer: z.string().trim().min(1, 'admin.v.required').max(2000, 'admin.v.tooLong'),
  questionEn: optional(300),
  answerEn: optional(2000),
  keywords: z.string().trim().max(500, 'admin.v.tooLong'),
  active: z.boolean(),
});

const ListPage: FC<{ ctx: PageContext; entries: FaqEntry[] }> = ({ ctx, entries }) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.faq')}
      actions={<NewButton href="/admin/faq/new" label={t('admin.faq.new')} />}
    >
      <Card>
        <DataTable count={entries.length} empty={t('admin.faq.none')}>
          {entries.map((e, index) => (
            <tr>
              <td class="small muted">{index + 1}</td>
              <td>
                <a href={`/admin/faq/${e.id}`}>{e.question}</a>
                <div class="muted small">
                  {e.answer.length > 140 ? `${e.answer.slice(0, 140)}…` : e.answer}
                </div>
              </td>
              <td>{e.active ? null : <Badge>{t('admin.common.inactive')}</Badge>}</td>
              <td>
                <div class="btn-row">
                  {index > 0 ? (
                    <ActionButton
                      ctx={ctx}
                      action={`/admin/faq/${e.id}/move`}
                      label="↑"
                      fields={{ direction: 'up' }}
                    />
                  ) : null}
                  {index < entries.length - 1 ? (
                    <ActionButton
                      ctx={ctx}
                      action={`/admin/faq/${e.id}/move`}
                      label="↓"
                      fields={{ direction: 'down' }}
                    />
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </Layout>
  );
};

type Values = Record<string, string | boolean | null | undefined>;

const FormPage: FC<{ ctx: PageContext; entry?: FaqEntry; values: Values; errors?: FieldErrors }> = ({
  ctx,
  entry,
  values,
  errors,
}) => {
  const { t } = ctx;
  const v = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return (
    <Layout ctx={ctx} title={entry ? t('admin.faq.edit') : t('admin.faq.new')}>
      <section class="card">
        <FormErrorSummary t={t} errors={errors} />
        <form method="post" action={entry ? `/admin/faq/${entry.id}` : '/admin/faq'} class="stack">
          <Csrf ctx={ctx} />
          <Field
            t={t}
            name="question"
            label={t('admin.faq.question')}
            value={v('question')}
            errors={errors}
            required
          />
          <TextArea
            t={t}
            name="answer"
            label={t('admin.faq.answer')}
            value={v('answer')}
            errors={errors}
            rows={4}
            required
          />
          <Field
            t={t}
            name="questionEn"
            label={`${t('admin.faq.questionEn')} (${t('admin.form.optional')})`}
            value={v('questionEn')}
            errors={errors}
          />
          <TextArea
            t={t}
            name="answerEn"
            label={`${t('admin.faq.answerEn')} (${t('admin.form.optional')})`}
            value={v('answerEn')}
            errors={errors}
            rows={4}
          />
          <Field
            t={t}
            name="keywords"
            label={t('admin.faq.keywords')}
            value={v('keywords')}
            errors={errors}
            hint={t('admin.faq.keywordsHint')}
          />
          <Checkbox name="active" label={t('admin.common.active')} checked={values.active !== false} />
          <SaveOrCancel t={t} cancelHref="/admin/faq" />
        </form>
        {entry ? (
          <div style="margin-top:1rem">
            <ActionButton
              ctx={ctx}
              action={`/admin/faq/${entry.id}/delete`}
              label={t('admin.form.delete')}
              kind="danger"
              confirm={t('admin.faq.deleteAsk')}
            />
          </div>
        ) : null}
      </section>
    </Layout>
  );
};

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
