import type { FC } from 'hono/jsx';
import type { FaqEntry } from '../../src/faq/index.ts';
import type { FieldErrors } from '../forms.ts';
import { bindForm } from '../ui/bound-form.tsx';
import {
  ActionButton,
  Badge,
  Card,
  Checkbox,
  Csrf,
  FormErrorSummary,
  SaveOrCancel,
} from '../ui/components.tsx';
import { Layout } from '../ui/layout.tsx';
import type { PageContext } from '../ui/page-context.ts';
import { DataTable, NewButton } from '../ui/table.tsx';

export const ListPage: FC<{ ctx: PageContext; entries: FaqEntry[] }> = ({ ctx, entries }) => {
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
                <div class="btn-row nowrap">
                  {index > 0 ? (
                    <ActionButton
                      ctx={ctx}
                      action={`/admin/faq/${e.id}/move`}
                      label="↑"
                      title={t('admin.faq.moveUp')}
                      fields={{ direction: 'up' }}
                    />
                  ) : null}
                  {index < entries.length - 1 ? (
                    <ActionButton
                      ctx={ctx}
                      action={`/admin/faq/${e.id}/move`}
                      label="↓"
                      title={t('admin.faq.moveDown')}
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
export type Values = Record<string, string | boolean | null | undefined>;
export const FormPage: FC<{ ctx: PageContext; entry?: FaqEntry; values: Values; errors?: FieldErrors }> = ({
  ctx,
  entry,
  values,
  errors,
}) => {
  const { t } = ctx;
  const { Field, TextArea } = bindForm(t, values, errors);
  return (
    <Layout ctx={ctx} title={entry ? t('admin.faq.edit') : t('admin.faq.new')}>
      <section class="card">
        <FormErrorSummary t={t} errors={errors} />
        <form method="post" action={entry ? `/admin/faq/${entry.id}` : '/admin/faq'} class="stack">
          <Csrf ctx={ctx} />
          <Field name="question" label={t('admin.faq.question')} required />
          <TextArea name="answer" label={t('admin.faq.answer')} rows={4} required />
          <Field name="questionEn" label={`${t('admin.faq.questionEn')} (${t('admin.form.optional')})`} />
          <TextArea
            name="answerEn"
            label={`${t('admin.faq.answerEn')} (${t('admin.form.optional')})`}
            rows={4}
          />
          <Field name="keywords" label={t('admin.faq.keywords')} hint={t('admin.faq.keywordsHint')} />
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
