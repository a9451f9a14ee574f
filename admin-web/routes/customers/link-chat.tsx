import { Hono } from 'hono';
import { linkChatByStaffCode, type StaffLinkResult } from '../../../src/customers/index.ts';
import { recordAudit } from '../../../src/staff/index.ts';
import type { AdminContext, AdminEnv } from '../../env.ts';
import { type FieldErrors, readForm, text, validate } from '../../forms.ts';
import { DetailPage } from '../../pages/customers/detail.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { flashRedirect, idParam } from '../helpers.ts';
import { loadCustomerDetail } from './profile.tsx';
import { linkChatFormSchema } from './schemas.ts';

/** Why a code linked nothing, as the message next to the code box. */
const refusal: Record<Extract<StaffLinkResult, { ok: false }>['reason'], string> = {
  wrong: 'admin.v.linkCodeWrong',
  expired: 'admin.v.linkCodeExpired',
  elsewhere: 'admin.v.linkCodeElsewhere',
};

/**
 * POST /:id/link-chat: staff type the code a chat showed when it typed this customer's phone and the
 * customer had no chat to receive a verification code (entered at the counter). The code names the
 * chat; the staff member vouches for the person, so every role may do it, and it is audited.
 */
export function customerLinkChatRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.post('/:id/link-chat', async (c) => {
    const id = idParam(c);
    const values = { code: text(await readForm(c), 'code') };
    const refuse = async (errors: FieldErrors) =>
      c.html(
        <DetailPage
          ctx={pageContext(c, deps.timeZone)}
          data={await loadCustomerDetail(deps, id)}
          errors={errors}
          values={values}
        />,
        400,
      );
    const parsed = validate(linkChatFormSchema, values);
    if (!parsed.ok) return refuse(parsed.errors);
    const staffId = c.get('staff').id;
    // The link, its audit line and the message to that chat land together; a refused code writes nothing.
    const linked = await deps.db.transaction(async (tx) => {
      const result = await linkChatByStaffCode(tx, {
        customerId: id,
        code: parsed.data.code,
        now: deps.clock(),
      });
      if (!result.ok) return { result, notified: 'queued' as const };
      await recordAudit(tx, {
        staffId,
        action: 'customer.linkChat',
        entityType: 'customer',
        entityId: id,
        details: { channel: result.channel, externalId: result.externalId },
      });
      const chat = { channel: result.channel, externalId: result.externalId };
      return { result, notified: await deps.notifier.chatLinked(tx, id, chat) };
    });
    if (!linked.result.ok) return refuse({ code: refusal[linked.result.reason] });
    return flashRedirect(c, `/admin/customers/${id}`, 'chatLinked', linked.notified);
  });

  return app;
}
