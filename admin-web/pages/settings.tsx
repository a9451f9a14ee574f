import type { FC } from 'hono/jsx';
import type { WhatsappStatus } from '../env.ts';
import type { FieldErrors } from '../forms.ts';
import { bindForm } from '../ui/bound-form.tsx';
import { Badge, Card, Csrf, FieldError, FormErrorSummary } from '../ui/components.tsx';
import { withZone } from '../ui/format.ts';
import { Layout } from '../ui/layout.tsx';
import type { PageContext } from '../ui/page-context.ts';
import { whatsappProblem } from './whatsapp-problem.ts';

export const BANK_ROWS = 3;
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
export interface Values {
  [key: string]: string | boolean;
}
export const WhatsappPanel: FC<{
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
  const reason = status.state === 'disconnected' ? status.reason : undefined;
  const problem = whatsappProblem(reason);
  return (
    <div>
      <Badge tone="red">{t(`admin.wa.problem.${problem}`)}</Badge>
      <p>{t(`admin.wa.hint.${problem}`)}</p>
      {problem === 'retrying' && reason ? (
        <p class="muted small">{t('admin.wa.detail', { reason })}</p>
      ) : null}
    </div>
  );
};
export const SettingsPage: FC<{
  ctx: PageContext;
  values: Values;
  errors?: FieldErrors;
  whatsapp: WhatsappStatus | undefined;
  qrSvg: string | undefined;
}> = ({ ctx, values, errors, whatsapp, qrSvg }) => {
  const { t } = ctx;
  const { Field, value: v } = bindForm(t, values, errors);
  const num = (name: string, label: string, hint?: string) => (
    <Field name={name} label={label} inputmode="numeric" hint={hint} />
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
          <Field name="studioName" label={t('admin.set.studioName')} required />
          <Field name="address" label={t('admin.cus.address')} />
          <Field
            name="mapUrl"
            type="url"
            label={t('admin.set.mapUrl')}
            placeholder="https://maps.google.com/?q=…"
          />
          <Field name="phone" type="tel" label={t('admin.common.phone')} />
        </Card>
        <Card title={t('admin.set.hours')}>
          <div class="table-wrap">
            <table class="hours">
              <thead>
                <tr>
                  <th>{t('admin.set.day')}</th>
                  <th />
                  <th>{withZone(ctx, t('admin.set.open'))}</th>
                  <th>{withZone(ctx, t('admin.set.close'))}</th>
                </tr>
              </thead>
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
            <Field name="reminderTime" type="time" label={withZone(ctx, t('admin.set.reminderTime'))} />
            {num('ratingDelayHours', t('admin.set.ratingDelay'))}
            {num('proofAlertHours', t('admin.set.proofAlert'))}
          </div>
        </Card>
        <Card title={t('admin.set.banks')}>
          <FieldError t={t} name="bankAccounts" errors={errors} />
          {Array.from({ length: BANK_ROWS }, (_, i) => (
            <div class="grid">
              <Field
                name={`bankAccounts.${i}.bank`}
                label={t('admin.set.bank')}
                value={v(`bankAccounts.${i}.bank`)}
                placeholder="BCA"
              />
              <Field
                name={`bankAccounts.${i}.number`}
                label={t('admin.set.accountNumber')}
                value={v(`bankAccounts.${i}.number`)}
              />
              <Field
                name={`bankAccounts.${i}.holder`}
                label={t('admin.set.holder')}
                value={v(`bankAccounts.${i}.holder`)}
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
