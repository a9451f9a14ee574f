import type { FC } from 'hono/jsx';
import type { Customer } from '../../../src/customers/index.ts';
import type { FieldErrors } from '../../forms.ts';
import { bindForm } from '../../ui/bound-form.tsx';
import { Checkbox, Csrf, FormErrorSummary, SaveOrCancel } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/page-context.ts';

export type FormValues = Record<string, string | boolean | null | undefined>;
export const CustomerFormPage: FC<{
  ctx: PageContext;
  customer?: Customer;
  values: FormValues;
  errors?: FieldErrors;
  message?: string;
}> = ({ ctx, customer, values, errors, message }) => {
  const { t } = ctx;
  const { Field, TextArea, Select, value: v } = bindForm(t, values, errors);
  return (
    <Layout ctx={ctx} title={customer ? `${t('admin.form.edit')}: ${customer.name}` : t('admin.cus.new')}>
      <section class="card">
        <FormErrorSummary t={t} errors={errors} message={message} />
        <form
          method="post"
          action={customer ? `/admin/customers/${customer.id}` : '/admin/customers'}
          class="stack"
        >
          <Csrf ctx={ctx} />
          <Field name="name" label={t('admin.common.name')} required autocomplete="off" />
          <Field
            name="phone"
            type="tel"
            label={t('admin.common.phone')}
            placeholder="0812 3456 7890"
            inputmode="tel"
          />
          <Field
            name="email"
            type="email"
            label={`${t('admin.common.email')} (${t('admin.form.optional')})`}
          />
          <TextArea
            name="address"
            label={`${t('admin.cus.address')} (${t('admin.form.optional')})`}
            rows={2}
          />
          <Select
            name="membership"
            label={t('admin.cus.membership')}
            value={v('membership') || 'regular'}
            options={[
              { value: 'regular', label: t('common.membership.regular') },
              { value: 'member', label: t('common.membership.member') },
            ]}
          />
          <Select
            name="locale"
            label={t('admin.cus.language')}
            value={v('locale') || 'id'}
            options={[
              { value: 'id', label: 'Bahasa Indonesia' },
              { value: 'en', label: 'English' },
            ]}
          />
          <Checkbox
            name="promoOptIn"
            label={t('admin.cus.promoOptIn')}
            checked={values.promoOptIn !== false}
          />
          <TextArea name="notes" label={`${t('admin.cus.notes')} (${t('admin.form.optional')})`} rows={3} />
          <SaveOrCancel
            t={t}
            cancelHref={customer ? `/admin/customers/${customer.id}` : '/admin/customers'}
          />
        </form>
      </section>
    </Layout>
  );
};
