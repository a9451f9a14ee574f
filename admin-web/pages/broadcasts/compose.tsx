import type { FC } from 'hono/jsx';
import { channelValues, productCategories } from '../../../db/schema/index.ts';
import type { FieldErrors } from '../../forms.ts';
import { bindForm } from '../../ui/bound-form.tsx';
import { Card, Csrf, FieldError, FormErrorSummary } from '../../ui/components.tsx';
import { withZone } from '../../ui/format.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';

export type Values = Record<string, string>;
export const ComposePage: FC<{ ctx: PageContext; values: Values; errors?: FieldErrors; count: number }> = ({
  ctx,
  values,
  errors,
  count,
}) => {
  const { t } = ctx;
  const { Field, TextArea, Select, value: v } = bindForm(t, values, errors);
  const any = t('admin.bc.any');
  return (
    <Layout ctx={ctx} title={t('admin.bc.new')}>
      <FormErrorSummary t={t} errors={errors} />
      <form
        method="post"
        action="/admin/broadcasts"
        enctype="multipart/form-data"
        class="stack"
        data-segment-count="/admin/broadcasts/api/count"
        style="max-width:none"
      >
        <Csrf ctx={ctx} />
        <div class="grid">
          <Card title={t('admin.bc.message')}>
            <Field name="title" label={t('admin.bc.title')} hint={t('admin.bc.titleHint')} required />
            <TextArea
              name="text"
              label={t('admin.bc.text')}
              rows={7}
              required
              hint={t('admin.bc.textHint')}
            />
            <div class={`field${errors?.image ? ' invalid' : ''}`}>
              <label for="f-image">{t('admin.bc.image')}</label>
              <input id="f-image" type="file" name="image" accept="image/jpeg,image/png,image/webp" />
              <FieldError t={t} name="image" errors={errors} />
            </div>
          </Card>
          <Card title={t('admin.bc.segment')}>
            <Select
              name="segment.membership"
              label={t('admin.cus.membership')}
              blank={any}
              options={[
                { value: 'member', label: t('common.membership.member') },
                { value: 'regular', label: t('common.membership.regular') },
              ]}
            />
            <Select
              name="segment.channel"
              label={t('admin.bc.channel')}
              blank={any}
              options={channelValues.map((c) => ({
                value: c,
                label: t(`common.channel.${c}`),
              }))}
            />
            <Select
              name="segment.boughtCategory"
              label={t('admin.bc.boughtCategory')}
              blank={any}
              options={productCategories.map((c) => ({
                value: c,
                label: t(`common.category.${c}`),
              }))}
            />
            <Field
              name="segment.inactiveDays"
              label={t('admin.bc.inactiveDays')}
              inputmode="numeric"
              hint={t('admin.bc.inactiveHint')}
            />
            <div class="alert info">
              {t('admin.bc.willReach')} <strong id="segment-count">{count}</strong> {t('admin.bc.customers')}
              <div class="small">{t('admin.bc.optInNote')}</div>
            </div>
          </Card>
        </div>
        <Card title={t('admin.bc.when')}>
          <label class="check">
            <input type="radio" name="when" value="now" checked={v('when') !== 'later'} />{' '}
            {t('admin.bc.draftNow')}
          </label>
          <label class="check">
            <input type="radio" name="when" value="later" checked={v('when') === 'later'} />{' '}
            {t('admin.bc.scheduleLater')}
          </label>
          <Field name="scheduledAt" type="datetime-local" label={withZone(ctx, t('admin.bc.scheduledAt'))} />
          <button type="submit" class="btn primary big">
            {t('admin.bc.preview')}
          </button>
        </Card>
      </form>
    </Layout>
  );
};
