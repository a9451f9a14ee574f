import type { FC } from 'hono/jsx';
import type { Translate } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/i18n/locale.ts';
import type { FieldErrors } from '../forms.ts';
import { Csrf, Field, FormErrorSummary } from '../ui/components.tsx';
import { Document, Layout } from '../ui/layout.tsx';
import type { PageContext } from '../ui/page-context.ts';

export const LoginPage: FC<{
  t: Translate;
  locale: Locale;
  csrf: string;
  email: string;
  next: string;
  error?: string | undefined;
}> = (p) => (
  <Document title={`${p.t('admin.login.title')} · Potret`} lang={p.locale} bodyClass="login">
    <main class="login-card">
      <h1>Potret</h1>
      <p class="sub">{p.t('admin.login.subtitle')}</p>
      {p.error ? (
        <div class="alert error" role="alert">
          {p.error}
        </div>
      ) : null}
      <form method="post" action="/admin/login" class="stack">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="next" value={p.next} />
        <Field
          t={p.t}
          name="email"
          type="email"
          label={p.t('admin.login.email')}
          value={p.email}
          autocomplete="username"
          required
        />
        <Field
          t={p.t}
          name="password"
          type="password"
          label={p.t('admin.login.password')}
          autocomplete="current-password"
          required
        />
        <button type="submit" class="btn primary big">
          {p.t('admin.login.submit')}
        </button>
      </form>
      <p class="lang-links">
        <a href={`/admin/login?lang=id&next=${encodeURIComponent(p.next)}`}>Bahasa Indonesia</a> ·{' '}
        <a href={`/admin/login?lang=en&next=${encodeURIComponent(p.next)}`}>English</a>
      </p>
    </main>
  </Document>
);
export const PasswordPage: FC<{ ctx: PageContext; errors?: FieldErrors }> = ({ ctx, errors }) => (
  <Layout ctx={ctx} title={ctx.t('admin.password.title')}>
    <section class="card">
      <FormErrorSummary t={ctx.t} errors={errors} />
      <form method="post" action="/admin/password" class="stack">
        <Csrf ctx={ctx} />
        <Field
          t={ctx.t}
          name="currentPassword"
          type="password"
          label={ctx.t('admin.password.current')}
          errors={errors}
          autocomplete="current-password"
          required
        />
        <Field
          t={ctx.t}
          name="newPassword"
          type="password"
          label={ctx.t('admin.password.new')}
          errors={errors}
          autocomplete="new-password"
          hint={ctx.t('admin.password.hint')}
          required
        />
        <Field
          t={ctx.t}
          name="confirmPassword"
          type="password"
          label={ctx.t('admin.password.confirm')}
          errors={errors}
          autocomplete="new-password"
          required
        />
        <div>
          <button type="submit" class="btn primary">
            {ctx.t('admin.password.submit')}
          </button>
        </div>
      </form>
    </section>
  </Layout>
);
