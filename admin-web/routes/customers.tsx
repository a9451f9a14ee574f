import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import {
  anonymizeCustomer,
  type ChannelIdentity,
  type Customer,
  createCustomerByStaff,
  getCustomer,
  listIdentities,
  searchCustomers,
  setMembership,
  updateCustomer,
} from '../../src/customers/index.ts';
import { isAppError } from '../../src/errors.ts';
import { type Complaint, listCustomerComplaints, listRatings, type RatingRow } from '../../src/feedback/index.ts';
import { errorMessage, formatPhone, type MessageKey } from '../../src/i18n/index.ts';
import { adjustPoints, getPointsSummary, type PointsSummary } from '../../src/loyalty/index.ts';
import { listCustomerReservations } from '../../src/reservations/index.ts';
import type { ReservationListRow } from '../../src/reservations/types.ts';
import { canAdjustPoints, recordAudit } from '../../src/staff/index.ts';
import { ForbiddenArea, requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, type FormData, readForm, text, validate } from '../forms.ts';
import { ActionButton, Badge, Card, Checkbox, Csrf, Empty, Field, FormErrorSummary, href, Pager, Select, StatusBadge, TextArea } from '../ui/components.tsx';
import { shortWhen, stars, when } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext } from '../ui/page-context.ts';
import { csvResponse, flashRedirect, idParam, jsonValidationError, toCsv } from './helpers.ts';
import { customerFormSchema, membershipFormSchema, pointsFormSchema } from './customers.schema.ts';
import { ReservationTable } from './reservations.tsx';

const PAGE_SIZE = 30;

const ListPage: FC<{ ctx: PageContext; q: string; rows: Customer[]; nextCursor: string | undefined; cursor: string }> = ({
  ctx,
  q,
  rows,
  nextCursor,
  cursor,
}) => {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('admin.nav.customers')}
      actions={
        <>
          <a class="btn primary" href="/admin/customers/new">
            + {t('admin.cus.new')}
          </a>
          <a class="btn secondary" href={href('/admin/customers/export.csv', { q })}>
            {t('admin.common.downloadCsv')}
          </a>
        </>
      }
    >
      <form method="get" action="/admin/customers" class="filters card">
        <div class="field">
          <label for="f-q">{t('admin.cus.search')}</label>
          <input id="f-q" type="search" name="q" value={q} placeholder={t('admin.cus.searchHint')} />
        </div>
        <button type="submit" class="btn primary">
          {t('admin.form.search')}
        </button>
      </form>
      <section class="card">
        {rows.length === 0 ? (
          <Empty>{t('admin.cus.none')}</Empty>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('admin.common.name')}</th>
                  <th>{t('admin.common.phone')}</th>
                  <th>{t('admin.cus.membership')}</th>
                  <th class="num">{t('admin.cus.points')}</th>
                  <th>{t('admin.cus.lastActive')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr class="row-link">
                    <td>
                      <a href={`/admin/customers/${r.id}`}>{r.name}</a>
                      <div class="muted small">{r.code}</div>
                    </td>
                    <td>{formatPhone(r.phone)}</td>
                    <td>
                      <Badge tone={r.membership === 'member' ? 'amber' : ''}>{t(`common.membership.${r.membership}`)}</Badge>
                    </td>
                    <td class="num">{r.pointsBalance}</td>
                    <td class="small">{r.lastActiveAt ? shortWhen(ctx, r.lastActiveAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          t={t}
          nextHref={nextCursor ? href('/admin/customers', { q, cursor: nextCursor }) : undefined}
          firstHref={cursor ? href('/admin/customers', { q }) : undefined}
        />
      </section>
    </Layout>
  );
};

type FormValues = Record<string, string | boolean | null | undefined>;

const CustomerFormPage: FC<{ ctx: PageContext; customer?: Customer; values: FormValues; errors?: FieldErrors; message?: string }> = ({
  ctx,
  customer,
  values,
  errors,
  message,
}) => {
  const { t } = ctx;
  const v = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return (
    <Layout ctx={ctx} title={customer ? `${t('admin.form.edit')}: ${customer.name}` : t('admin.cus.new')}>
      <section class="card">
        <FormErrorSummary t={t} errors={errors} message={message} />
        <form method="post" action={customer ? `/admin/customers/${customer.id}` : '/admin/customers'} class="stack">
          <Csrf ctx={ctx} />
          <Field t={t} name="name" label={t('admin.common.name')} value={v('name')} errors={errors} required autocomplete="off" />
          <Field t={t} name="phone" type="tel" label={t('admin.common.phone')} value={v('phone')} errors={errors} placeholder="0812 3456 7890" inputmode="tel" />
          <Field t={t} name="email" type="email" label={`${t('admin.common.email')} (${t('admin.form.optional')})`} value={v('email')} errors={errors} />
          <TextArea t={t} name="address" label={`${t('admin.cus.address')} (${t('admin.form.optional')})`} value={v('address')} errors={errors} rows={2} />
          <Select
            t={t}
            name="membership"
            label={t('admin.cus.membership')}
            value={v('membership') || 'regular'}
            errors={errors}
            options={[
              { value: 'regular', label: t('common.membership.regular') },
              { value: 'member', label: t('common.membership.member') },
            ]}
          />
          <Select
            t={t}
            name="locale"
            label={t('admin.cus.language')}
            value={v('locale') || 'id'}
            errors={errors}
            options={[
              { value: 'id', label: 'Bahasa Indonesia' },
              { value: 'en', label: 'English' },
            ]}
          />
          <Checkbox name="promoOptIn" label={t('admin.cus.promoOptIn')} checked={values.promoOptIn !== false} />
          <TextArea t={t} name="notes" label={`${t('admin.cus.notes')} (${t('admin.form.optional')})`} value={v('notes')} errors={errors} rows={3} />
          <div class="btn-row">
            <button type="submit" class="btn primary">
              {t('admin.form.save')}
            </button>
            <a class="btn secondary" href={customer ? `/admin/customers/${customer.id}` : '/admin/customers'}>
              {t('admin.form.cancel')}
            </a>
          </div>
        </form>
      </section>
    </Layout>
  );
};

interface DetailData {
  customer: Customer;
  identities: ChannelIdentity[];
  reservations: ReservationListRow[];
  points: PointsSummary;
  ratings: RatingRow[];
  complaints: Complaint[];
}

const reasonKey = (reason: string) => `admin.points.reason.${reason}` as MessageKey;

export const PointsLedger: FC<{ ctx: PageContext; points: PointsSummary }> = ({ ctx, points }) => {
  const { t } = ctx;
  if (points.history.length === 0) return <Empty>{t('admin.points.noHistory')}</Empty>;
  return (
    <div class="table-wrap">
      <table>
        <tbody>
          {points.history.map((e) => (
            <tr>
              <td class="small">{shortWhen(ctx, e.createdAt)}</td>
              <td>
                {t(reasonKey(e.reason))}
                {e.note ? <div class="muted small">{e.note}</div> : null}
              </td>
              <td class="num">
                <Badge tone={e.delta > 0 ? 'green' : 'red'}>
                  {e.delta > 0 ? '+' : ''}
                  {e.delta}
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

export const PointsAdjustForm: FC<{
  ctx: PageContext;
  customerId: number;
  errors?: FieldErrors | undefined;
  values?: Record<string, string> | undefined;
  back?: 'rewards';
}> = ({ ctx, customerId, errors, values, back }) => (
  <form method="post" action={`/admin/customers/${customerId}/points`} class="stack">
    <Csrf ctx={ctx} />
    {back ? <input type="hidden" name="back" value={back} /> : null}
    <Field t={ctx.t} name="delta" label={ctx.t('admin.points.delta')} value={values?.delta} errors={errors} hint={ctx.t('admin.points.deltaHint')} inputmode="numeric" required />
    <Field t={ctx.t} name="note" label={ctx.t('admin.points.note')} value={values?.note} errors={errors} required />
    <div>
      <button type="submit" class="btn primary">
        {ctx.t('admin.points.submit')}
      </button>
    </div>
  </form>
);

const DetailPage: FC<{ ctx: PageContext; data: DetailData; errors?: FieldErrors; values?: Record<string, string>; alert?: string }> = ({
  ctx,
  data,
  errors,
  values,
  alert,
}) => {
  const { t } = ctx;
  const c = data.customer;
  const admin = canAdjustPoints(ctx.staff.role);
  const anonymized = c.anonymizedAt !== null;
  return (
    <Layout
      ctx={ctx}
      title={anonymized ? t('admin.cus.anonymized') : c.name}
      actions={
        anonymized ? undefined : (
          <a class="btn secondary" href={`/admin/customers/${c.id}/edit`}>
            {t('admin.form.edit')}
          </a>
        )
      }
    >
      {alert ? (
        <div class="alert error" role="alert">
          {alert}
        </div>
      ) : null}
      <div class="grid">
        <Card title={c.code}>
          <dl class="facts">
            <dt>{t('admin.common.phone')}</dt>
            <dd>{formatPhone(c.phone)}</dd>
            <dt>{t('admin.common.email')}</dt>
            <dd>{c.email ?? '—'}</dd>
            <dt>{t('admin.cus.address')}</dt>
            <dd>{c.address ?? '—'}</dd>
            <dt>{t('admin.cus.membership')}</dt>
            <dd>{t(`common.membership.${c.membership}`)}</dd>
            <dt>{t('admin.cus.points')}</dt>
            <dd>
              <strong>{data.points.balance}</strong>
            </dd>
            <dt>{t('admin.cus.promoOptIn')}</dt>
            <dd>{c.promoOptIn ? t('admin.form.yes') : t('admin.form.no')}</dd>
            <dt>{t('admin.cus.referralCode')}</dt>
            <dd>{anonymized ? '—' : c.referralCode}</dd>
            <dt>{t('admin.common.createdAt')}</dt>
            <dd>{when(ctx, c.createdAt)}</dd>
            {c.notes ? (
              <>
                <dt>{t('admin.cus.notes')}</dt>
                <dd>{c.notes}</dd>
              </>
            ) : null}
          </dl>
        </Card>
        <Card title={t('admin.cus.identities')}>
          {data.identities.length === 0 ? (
            <Empty>{t('admin.cus.noIdentities')}</Empty>
          ) : (
            <ul>
              {data.identities.map((i) => (
                <li>
                  <strong>{t(`common.channel.${i.channel}` as MessageKey)}</strong> {i.displayName ? `· ${i.displayName}` : ''}
                  <div class="muted small">
                    {t('admin.cus.lastSeen')} {shortWhen(ctx, i.lastSeenAt)}
                    {i.unreachableAt ? ` · ${t('admin.cus.unreachable')}` : ''}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title={t('admin.nav.reservations')}>
        <ReservationTable ctx={ctx} rows={data.reservations} />
      </Card>
      <div class="grid">
        <Card title={t('admin.cus.pointsHistory')}>
          <PointsLedger ctx={ctx} points={data.points} />
          {admin && !anonymized ? (
            <details open={Boolean(errors?.delta || errors?.note)} style="margin-top:1rem">
              <summary>{t('admin.points.adjust')}</summary>
              <PointsAdjustForm ctx={ctx} customerId={c.id} errors={errors} values={values} />
            </details>
          ) : null}
        </Card>
        <Card title={t('admin.nav.ratings')}>
          {data.ratings.length === 0 ? (
            <Empty>{t('admin.rat.none')}</Empty>
          ) : (
            <ul>
              {data.ratings.map((r) => (
                <li>
                  <span class="stars">{stars(r.stars)}</span> {r.productName}
                  {r.comment ? <div class="muted small">“{r.comment}”</div> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('admin.nav.complaints')}>
          {data.complaints.length === 0 ? (
            <Empty>{t('admin.cmp.none')}</Empty>
          ) : (
            <ul>
              {data.complaints.map((k) => (
                <li>
                  <a href={`/admin/complaints/${k.id}`}>
                    {k.code} · {k.subject}
                  </a>{' '}
                  <StatusBadge t={t} status={k.status} prefix="complaintStatus" />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {admin && !anonymized ? (
        <Card title={t('admin.cus.manage')}>
          <div class="btn-row">
            <form method="post" action={`/admin/customers/${c.id}/membership`} class="inline">
              <Csrf ctx={ctx} />
              <input type="hidden" name="membership" value={c.membership === 'member' ? 'regular' : 'member'} />
              <button type="submit" class="btn secondary">
                {c.membership === 'member' ? t('admin.cus.makeRegular') : t('admin.cus.makeMember')}
              </button>
            </form>
            <ActionButton ctx={ctx} action={`/admin/customers/${c.id}/anonymize`} label={t('admin.cus.anonymize')} kind="danger" confirm={t('admin.cus.anonymizeAsk')} />
          </div>
          <p class="hint">{t('admin.cus.anonymizeHint')}</p>
        </Card>
      ) : null}
    </Layout>
  );
};

function customerFormInput(form: FormData) {
  return {
    name: text(form, 'name'),
    phone: text(form, 'phone'),
    email: text(form, 'email'),
    address: text(form, 'address'),
    notes: text(form, 'notes'),
    membership: text(form, 'membership') || 'regular',
    locale: text(form, 'locale') || 'id',
    promoOptIn: text(form, 'promoOptIn') === '1',
  };
}

/** A domain error on the customer form, placed next to its field with a translated text. */
function domainFieldErrors(locale: 'id' | 'en', error: unknown): FieldErrors | undefined {
  if (isAppError(error, 'PHONE_TAKEN')) return { phone: 'admin.v.phoneTaken' };
  if (isAppError(error, 'PHONE_INVALID')) return { phone: 'admin.v.phone' };
  if (isAppError(error, 'VALIDATION')) {
    const errors: FieldErrors = {};
    for (const f of error.fields) errors[f.field] ??= errorMessage(locale, 'VALIDATION');
    return errors;
  }
  return undefined;
}

export function customerRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('customers'));
  const requirePointsRole = (c: Context<AdminEnv>) => {
    if (!canAdjustPoints(c.get('staff').role)) throw new ForbiddenArea('rewards');
  };

  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const cursorRaw = c.req.query('cursor') ?? '';
    const cursor = /^\d{1,12}$/.test(cursorRaw) ? cursorRaw : '';
    const page = await searchCustomers(deps.db, { query: q || undefined, cursor: cursor || undefined, limit: PAGE_SIZE });
    return c.html(<ListPage ctx={pageContext(c, deps.timeZone)} q={q} rows={page.rows} nextCursor={page.nextCursor} cursor={cursor} />);
  });

  app.get('/export.csv', async (c) => {
    const t = c.get('t');
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const rows: Array<Array<string | number | null>> = [
      [t('admin.common.code'), t('admin.common.name'), t('admin.common.phone'), t('admin.common.email'), t('admin.cus.membership'), t('admin.cus.points'), t('admin.cus.promoOptIn'), t('admin.common.createdAt')],
    ];
    // Pages of 100 by id keyset: the whole list without one huge query holding the pool.
    let cursor: string | undefined;
    do {
      const page = await searchCustomers(deps.db, { query: q || undefined, cursor, limit: 100 });
      for (const r of page.rows) {
        rows.push([r.code, r.name, r.phone, r.email, r.membership, r.pointsBalance, r.promoOptIn ? 1 : 0, r.createdAt.toISOString()]);
      }
      cursor = page.nextCursor;
    } while (cursor);
    // Personal data leaving the system: who took it, and how many rows.
    await recordAudit(deps.db, { staffId: c.get('staff').id, action: 'customer.export', entityType: 'customer', details: { query: q, rows: rows.length - 1 } });
    return csvResponse(c, 'pelanggan.csv', toCsv(rows));
  });

  app.get('/new', (c) => c.html(<CustomerFormPage ctx={pageContext(c, deps.timeZone)} values={{ promoOptIn: true }} />));

  app.post('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const input = customerFormInput(await readForm(c));
    const parsed = validate(customerFormSchema, input);
    if (!parsed.ok) return c.html(<CustomerFormPage ctx={ctx} values={input} errors={parsed.errors} />, 400);
    try {
      const customer = await deps.db.transaction(async (tx) => {
        const row = await createCustomerByStaff(tx, parsed.data);
        await recordAudit(tx, { staffId: ctx.staff.id, action: 'customer.create', entityType: 'customer', entityId: row.id });
        return row;
      });
      return flashRedirect(c, `/admin/customers/${customer.id}`, 'created');
    } catch (error) {
      const errors = domainFieldErrors(ctx.locale, error);
      if (errors) return c.html(<CustomerFormPage ctx={ctx} values={input} errors={errors} />, isAppError(error, 'PHONE_TAKEN') ? 409 : 400);
      throw error;
    }
  });

  const loadDetail = async (id: number): Promise<DetailData> => {
    const customer = await getCustomer(deps.db, id);
    const [identities, reservations, points, ratings, complaints] = await Promise.all([
      listIdentities(deps.db, id),
      listCustomerReservations(deps.db, id),
      getPointsSummary(deps.db, id, { limit: 50 }),
      listRatings(deps.db, { customerId: id, limit: 20 }),
      listCustomerComplaints(deps.db, id),
    ]);
    return { customer, identities, reservations, points, ratings: ratings.rows, complaints };
  };

  app.get('/:id', async (c) => c.html(<DetailPage ctx={pageContext(c, deps.timeZone)} data={await loadDetail(idParam(c))} />));

  app.get('/:id/edit', async (c) => {
    const customer = await getCustomer(deps.db, idParam(c));
    if (customer.anonymizedAt) return c.redirect(`/admin/customers/${customer.id}`, 303);
    const values: FormValues = {
      name: customer.name,
      phone: customer.phone ?? '',
      email: customer.email ?? '',
      address: customer.address ?? '',
      notes: customer.notes ?? '',
      membership: customer.membership,
      locale: customer.locale,
      promoOptIn: customer.promoOptIn,
    };
    return c.html(<CustomerFormPage ctx={pageContext(c, deps.timeZone)} customer={customer} values={values} />);
  });

  app.post('/:id', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const customer = await getCustomer(deps.db, idParam(c));
    const input = customerFormInput(await readForm(c));
    const parsed = validate(customerFormSchema, input);
    if (!parsed.ok) return c.html(<CustomerFormPage ctx={ctx} customer={customer} values={input} errors={parsed.errors} />, 400);
    // Membership is changed from the detail page by admins; staff editing contact details keep it.
    const { membership, ...contact } = parsed.data;
    const patch = canAdjustPoints(ctx.staff.role) ? parsed.data : contact;
    void membership;
    try {
      await deps.db.transaction(async (tx) => {
        await updateCustomer(tx, customer.id, patch);
        await recordAudit(tx, { staffId: ctx.staff.id, action: 'customer.update', entityType: 'customer', entityId: customer.id });
      });
    } catch (error) {
      const errors = domainFieldErrors(ctx.locale, error);
      if (errors) return c.html(<CustomerFormPage ctx={ctx} customer={customer} values={input} errors={errors} />, isAppError(error, 'PHONE_TAKEN') ? 409 : 400);
      throw error;
    }
    return flashRedirect(c, `/admin/customers/${customer.id}`, 'saved');
  });

  app.post('/:id/membership', async (c) => {
    requirePointsRole(c);
    const id = idParam(c);
    const parsed = validate(membershipFormSchema, { membership: text(await readForm(c), 'membership') });
    if (!parsed.ok) return jsonValidationError(c, parsed.errors);
    await deps.db.transaction(async (tx) => {
      await setMembership(tx, id, parsed.data.membership);
      await recordAudit(tx, { staffId: c.get('staff').id, action: 'customer.membership', entityType: 'customer', entityId: id, details: parsed.data });
    });
    return flashRedirect(c, `/admin/customers/${id}`, 'saved');
  });

  app.post('/:id/points', async (c) => {
    requirePointsRole(c);
    const id = idParam(c);
    const form = await readForm(c);
    const values = { delta: text(form, 'delta'), note: text(form, 'note') };
    const back = text(form, 'back') === 'rewards' ? `/admin/rewards/${id}` : `/admin/customers/${id}`;
    const parsed = validate(pointsFormSchema, values);
    const renderError = async (errors: FieldErrors, status: 400 | 409) =>
      c.html(<DetailPage ctx={pageContext(c, deps.timeZone)} data={await loadDetail(id)} errors={errors} values={values} />, status);
    if (!parsed.ok) return renderError(parsed.errors, 400);
    const staffId = c.get('staff').id;
    try {
      await deps.db.transaction(async (tx) => {
        await adjustPoints(tx, { customerId: id, delta: parsed.data.delta, note: parsed.data.note, staffId });
        await recordAudit(tx, { staffId, action: 'points.adjust', entityType: 'customer', entityId: id, details: parsed.data });
      });
    } catch (error) {
      if (isAppError(error, 'POINTS_INSUFFICIENT')) return renderError({ delta: 'admin.v.pointsInsufficient' }, 409);
      throw error;
    }
    return flashRedirect(c, back, 'pointsAdjusted');
  });

  app.post('/:id/anonymize', async (c) => {
    requirePointsRole(c);
    const id = idParam(c);
    await deps.db.transaction(async (tx) => {
      await anonymizeCustomer(tx, id);
      await recordAudit(tx, { staffId: c.get('staff').id, action: 'customer.anonymize', entityType: 'customer', entityId: id });
    });
    return flashRedirect(c, `/admin/customers/${id}`, 'anonymized');
  });
  return app;
}
