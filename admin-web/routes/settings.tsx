import { Hono } from 'hono';
import QRCode from 'qrcode';
import { isAppError } from '../../src/errors.ts';
import { getSettings, type StudioSettings, updateSettings } from '../../src/settings/index.ts';
import { requireArea } from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, type FormData, formErrorOf, readForm, text, validate } from '../forms.ts';
import { BANK_ROWS, SettingsPage, type Values, WhatsappPanel } from '../pages/settings.tsx';
import { pageContext } from '../ui/page-context.ts';
import { flashRedirect, withAudit } from './helpers.ts';
import { settingsFormSchema } from './settings.schema.ts';

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
      await withAudit(deps.db, (tx) => updateSettings(tx, parsed.data), {
        staffId: ctx.staff.id,
        action: 'settings.update',
        entityType: 'settings',
        entityId: 1,
      });
    } catch (error) {
      const formError = isAppError(error, 'VALIDATION') ? formErrorOf(error) : undefined;
      if (formError) return render(formError.errors);
      throw error;
    }
    return flashRedirect(c, '/admin/settings', 'saved');
  });
  return app;
}
