import type { FC } from 'hono/jsx';
import type { FieldErrors } from '../../forms.ts';
import { Csrf, Field } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/page-context.ts';

/** The connection code a waiting chat showed the customer, typed by staff on this customer's page. */
export const LinkChatForm: FC<{
  ctx: PageContext;
  customerId: number;
  errors?: FieldErrors | undefined;
  values?: Record<string, string> | undefined;
}> = ({ ctx, customerId, errors, values }) => (
  <form method="post" action={`/admin/customers/${customerId}/link-chat`} class="stack">
    <Csrf ctx={ctx} />
    <Field
      t={ctx.t}
      name="code"
      label={ctx.t('admin.cus.linkCode')}
      value={values?.code}
      errors={errors}
      hint={ctx.t('admin.cus.linkChatHint')}
      placeholder="482 913"
      autocomplete="off"
      inputmode="numeric"
      required
    />
    <div>
      <button type="submit" class="btn primary">
        {ctx.t('admin.cus.linkChatSubmit')}
      </button>
    </div>
  </form>
);
