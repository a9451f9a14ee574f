import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import QRCode from 'qrcode';
import { isAppError } from '../../src/errors.ts';
import { getSettings, type StudioSettings, updateSettings } from '../../src/settings/index.ts';
import { recordAudit } from '../../src/staff/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv, WhatsappStatus } from '../env.ts';
import { type FieldErrors, type FormData, readForm, text, validate } from '../forms.ts';
import { Badge, Card, Csrf, Field, FieldError, FormErrorSummary } from '../ui/components.tsx';
import { Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext } from '../ui/page-context.ts';
import { flashRedirect } from './helpers.ts';
import { settingsFormSchema } from './settings.schema.ts';

const BANK_ROWS = 3;
const weekdayKeys = [
  'admin.day.0',
  'admin.day.1',
  'admin.day.2',
  'admin.day.3',
  'admin.day.4',
  'admin.day.5',
  'admin.day.6',
] as const;
// Monday first on screen, as Indonesian calendars; stored Sunday first (Date#getDay).
const displayOrder = [1, 2, 3, 4, 5, 6, 0];

interface Values {
  [key: string]: string | boolean;
}

function valuesOf(s: StudioSettings): Values {
  const v: Values = {
    studioName: s.studioName,
    address: s.address,
    mapUrl: s.mapUrl,
    phone: s.phone,
    slotMinutes: String(s.slotMinutes),
    capacityPerSlot: String(s.capacityPerSlot),
    bookingHorizonDays: String(s.bookingHorizonDays),
    paymentDeadlineHours: String(s.paymentDeadlineHours),
    cancelCutoffHours: String(s.cancelCutoffHours),
    reminderTime: s.reminderTime,
    ratingDelayHours: String(s.ratingDelayHours),
    proofAlertHours: String(s.proofAlertHours),
  };
  for (const [key, value] of Object.entries(s.pointsRules)) v[`pointsRules.${key}`] = String(value);
  s.openingHours.forEach((d, i) => {
    v[`openingHours.${i}.closed`] = d === null;
    v[`openingHours.${i}.open`] = d?.open ?? '09:00';
    v[`openingHours.${i}.close`] = d?.close ?? '17:00';
  });
  for (let i = 0; i < BANK_ROWS; i++) {
    const b = s.bankAccounts[i];
    v[`bankAccounts.${i}.bank`] = b?.bank ?? '';
    v[`bankAccounts.${i}.number`] = b?.number ?? '';
    v[`bankAccounts.${i}.holder`] = b?.holder ?? '';
  }
  return v;
}

function valuesFromForm(form: FormData): Values {
  const v: Values = {};
  for (const [key, value] of Object.entries(form))
    if (typeof value === 'string' && key !== '_csrf') v[key] = value;
  for (let i = 0; i < 7; i++) v[`openingHours.${i}.closed`] = text(form, `openingHours.${i}.closed`) === '1';
  return v;
}

function inputFrom(v: Values) {
  const s = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : '');
  return {
    studioName: s('studioName'),
    address: s('address'),
    mapUrl: s('mapUrl'),
    phone: s('phone'),
    openingHours: Array.from({ length: 7 }, (_, i) => ({
      closed: v[`openingHours.${i}.closed`] === true,
      open: s(`openingHours.${i}.open`),
      close: s(`openingHours.${i}.close`),
    })),
    slotMinutes: s('slotMinutes'),
    capacityPerSlot: s('capacityPerSlot'),
    bookingHorizonDays: s('bookingHorizonDays'),
    bankAccounts: Array.from({ length: BANK_ROWS }, (_, i) => ({
      bank: s(`bankAccounts.${i}.bank`),
      number: s(`bankAccounts.${i}.number`),
      holder: s(`bankAccounts.${i}.holder`),
    })),
    paymentDeadlineHours: s('paymentDeadlineHours'),
    cancelCutoffHours: s('cancelCutoffHours'),
    reminderTime: s('reminderTime'),
    ratingDelayHours: s('ratingDelayHours'),
    proofAlertHours: s('proofAlertHours'),
    pointsRules: Object.fromEntries(
      [
        'earnPerRupiah',
        'pointValueRupiah',
        'maxRedeemPercent',
        'referralPoints',
        'referralWelcomePoints',
        'memberAfterBookings',
      ].map((k) => [k, s(`pointsRules.${k}`)]),
    ),
  };
}

const WhatsappPanel: FC<{
  ctx: PageContext;
  status: WhatsappStatus | undefined;
  qrSvg: string | undefined;
}> = ({ ctx, status, qrSvg }) => {
  const { t } = ctx;
  if (!status || status.state === 'disabled') return <p class="muted">{t('admin.wa.disabled')}</p>;
  if (status.state === 'ready')
    return <Badge tone="green">{t('admin.wa.ready', { phone: status.phone ?? '' })}</Badge>;
  if (status.state === 'qr' && qrSvg) {
    return (
      <div>
        <p>{t('admin.wa.scan')}</p>
        <img
          src={`data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`}
          alt="WhatsApp QR"
          width="240"
          height="240"
        />
      </div>
    );
  }
  if (status.state === 'starting') return <Badge tone="amber">{t('admin.wa.starting')}</Badge>;
  return (
    <Badge tone="red">
      {t('admin.wa.disconnected', { reason: status.state === 'disconnected' ? (status.reason ?? '') : '' })}
    </Badge>
  );
};

const SettingsPage: FC<{
  ctx: PageContext;
  values: Values;
  errors?: FieldErrors;
  whatsapp: WhatsappStatus | undefined;
  qrSvg: string | undefined;
}> = ({ ctx, values, errors, whatsapp, qrSvg }) => {
  const { t } = ctx;
  const v = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : '');
  const num = (name: string, label: string, hint?: string) => (
    <Field t={t} name={name} label={label} value={v(name)} errors={errors} inputmode="numeric" hint={hint} />
  );
  return (
    <Layout ctx={ctx} title={t('admin.nav.settings')}>
      <Card title="WhatsApp">
        {/* Refreshed every few seconds while waiting: the QR code changes about every 20 s. */}
        <div
          data-refresh-url={
            whatsapp && whatsapp.state !== 'ready' && whatsapp.state !== 'disabled'
              ? '/admin/settings/whatsapp'
              : undefined
          }
        >
          <WhatsappPanel ctx={ctx} status={whatsapp} qrSvg={qrSvg} />
        </div>
      </Card>
      <FormErrorSummary t={t} errors={errors} />
      <form method="post" action="/admin/settings" class="stack" style="max-width:none">
        <Csrf ctx={ctx} />
        <Card title={t('admin.set.profile')}>
          <Field
            t={t}
            name="studioName"
            label={t('admin.set.studioName')}
            value={v('studioName')}
            errors={errors}
            required
          />
          <Field t={t} name="address" label={t('admin.cus.address')} value={v('address')} errors={errors} />
          <Field
            t={t}
            name="mapUrl"
            type="url"
            label={t('admin.set.mapUrl')}
            value={v('mapUrl')}
            errors={errors}
            placeholder="https://maps.google.com/?q=…"
          />
          <Field
            t={t}
            name="phone"
            type="tel"
            label={t('admin.common.phone')}
            value={v('phone')}
            errors={errors}
          />
        </Card>
        <Card title={t('admin.set.hours')}>
          <div class="table-wrap">
            <table class="hours">
              <tbody>
                {displayOrder.map((i) => (
                  <tr>
                    <td>{t(weekdayKeys[i]!)}</td>
                    <td>
                      <label class="check">
                        <input
                          type="checkbox"
                          name={`openingHours.${i}.closed`}
                          value="1"
                          checked={values[`openingHours.${i}.closed`] === true}
                        />{' '}
                        {t('admin.set.closed')}
                      </label>
                    </td>
                    <td>
                      <input
                        type="time"
                        name={`openingHours.${i}.open`}
                        value={v(`openingHours.${i}.open`)}
                        aria-label={t('admin.set.open')}
                      />
                      <FieldError t={t} name={`openingHours.${i}.open`} errors={errors} />
                    </td>
                    <td>
                      <input
                        type="time"
                        name={`openingHours.${i}.close`}
                        value={v(`openingHours.${i}.close`)}
                        aria-label={t('admin.set.close')}
                      />
                      <FieldError t={t} name={`openingHours.${i}.close`} errors={errors} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card title={t('admin.set.booking')}>
          <div class="grid">
            {num('slotMinutes', t('admin.set.slotMinutes'))}
            {num('capacityPerSlot', t('admin.set.capacity'), t('admin.set.capacityHint'))}
            {num('bookingHorizonDays', t('admin.set.horizon'))}
            {num('paymentDeadlineHours', t('admin.set.paymentDeadline'))}
            {num('cancelCutoffHours', t('admin.set.cancelCutoff'))}
            <Field
              t={t}
              name="reminderTime"
              type="time"
              label={t('admin.set.reminderTime')}
              value={v('reminderTime')}
              errors={errors}
            />
            {num('ratingDelayHours', t('admin.set.ratingDelay'))}
            {num('proofAlertHours', t('admin.set.proofAlert'))}
          </div>
        </Card>
        <Card title={t('admin.set.banks')}>
          <FieldError t={t} name="bankAccounts" errors={errors} />
          {Array.from({ length: BANK_ROWS }, (_, i) => (
            <div class="grid">
              <Field
                t={t}
                name={`bankAccounts.${i}.bank`}
                label={t('admin.set.bank')}
                value={v(`bankAccounts.${i}.bank`)}
                errors={errors}
                placeholder="BCA"
              />
              <Field
                t={t}
                name={`bankAccounts.${i}.number`}
                label={t('admin.set.accountNumber')}
                value={v(`bankAccounts.${i}.number`)}
                errors={errors}
              />
              <Field
                t={t}
                name={`bankAccounts.${i}.holder`}
                label={t('admin.set.holder')}
                value={v(`bankAccounts.${i}.holder`)}
                errors={errors}
              />
            </div>
          ))}
        </Card>
        <section id="points">
          <Card title={t('admin.rew.rules')}>
            <div class="grid">
              {num('pointsRules.earnPerRupiah', t('admin.set.earnPerRupiah'))}
              {num('pointsRules.pointValueRupiah', t('admin.set.pointValue'))}
              {num('pointsRules.maxRedeemPercent', t('admin.set.maxRedeem'))}
              {num('pointsRules.referralPoints', t('admin.set.referralPoints'))}
              {num('pointsRules.referralWelcomePoints', t('admin.set.welcomePoints'))}
              {num('pointsRules.memberAfterBookings', t('admin.set.memberAfter'))}
            </div>
          </Card>
        </section>
        <div>
          <button type="submit" class="btn primary big">
            {t('admin.form.save')}
          </button>
        </div>
      </form>
    </Layout>
  );
};

export function settingsRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', requireArea('settings'));
  const whatsapp = async () => {
    const status = deps.whatsappStatus ? await deps.whatsappStatus().catch(() => undefined) : undefined;
    const qrSvg =
      status?.state === 'qr' ? await QRCode.toString(status.qr, { type: 'svg', margin: 1 }) : undefined;
    return { status, qrSvg };
  };
  app.get('/', async (c) => {
    const [settings, wa] = await Promise.all([getSettings(deps.db), whatsapp()]);
    return c.html(
      <SettingsPage
        ctx={pageContext(c, deps.timeZone)}
        values={valuesOf(settings)}
        whatsapp={wa.status}
        qrSvg={wa.qrSvg}
      />,
    );
  });
  app.get('/whatsapp.json', async (c) => c.json((await whatsapp()).status ?? { state: 'disabled' }));
  app.get('/whatsapp', async (c) => {
    const wa = await whatsapp();
    return c.html(<WhatsappPanel ctx={pageContext(c, deps.timeZone)} status={wa.status} qrSvg={wa.qrSvg} />);
  });
  app.post('/', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const values = valuesFromForm(await readForm(c));
    const parsed = validate(settingsFormSchema, inputFrom(values));
    const render = async (errors: FieldErrors) => {
      const wa = await whatsapp();
      return c.html(
        <SettingsPage ctx={ctx} values={values} errors={errors} whatsapp={wa.status} qrSvg={wa.qrSvg} />,
        400,
      );
    };
    if (!parsed.ok) return render(parsed.errors);
    try {
      await deps.db.transaction(async (tx) => {
        await updateSettings(tx, parsed.data);
        await recordAudit(tx, {
          staffId: ctx.staff.id,
          action: 'settings.update',
          entityType: 'settings',
          entityId: 1,
        });
      });
    } catch (error) {
      if (isAppError(error, 'VALIDATION')) {
        const errors: FieldErrors = {};
        for (const f of error.fields) errors[f.field] ??= f.message;
        return render(errors);
      }
      throw error;
    }
    return flashRedirect(c, '/admin/settings', 'saved');
  });
  return app;
}
