import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { FC } from 'hono/jsx';
import { z } from 'zod';
import { isAppError } from '../../src/errors.ts';
import { errorMessage, type Translate, translator } from '../../src/i18n/index.ts';
import { isLocale, type Locale } from '../../src/i18n/locale.ts';
import {
  changePassword,
  deleteSession,
  login,
  pruneLoginRecords,
  recordAudit,
  resolveSession,
  setStaffLocale,
} from '../../src/staff/index.ts';
import {
  BASE,
  clearSessionCookie,
  LANG_COOKIE,
  LOGIN_CSRF_COOKIE,
  SESSION_COOKIE,
  sameToken,
  setSessionCookie,
  socketAddress,
} from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, readForm, text, validate } from '../forms.ts';
import { Csrf, Field, FormErrorSummary } from '../ui/components.tsx';
import { Document, Layout } from '../ui/layout.tsx';
import { type PageContext, pageContext } from '../ui/page-context.ts';

/** Only paths inside the admin app; anything else (//evil.example, https://…) goes to the dashboard. */
function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : BASE;
}

const LoginPage: FC<{
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

export function publicAuthRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const loginLocale = (value: string | undefined): Locale => (isLocale(value) ? value : 'id');

  const issueLoginCsrf = (c: Context) => {
    const token = randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, token, {
      path: `${BASE}/login`,
      httpOnly: true,
      sameSite: 'Strict',
      secure: deps.secureCookies,
    });
    return token;
  };

  app.get('/login', async (c) => {
    const existing = getCookie(c, SESSION_COOKIE);
    if (existing && (await resolveSession(deps.db, existing, deps.clock())))
      return c.redirect(safeNext(c.req.query('next')), 302);
    const queryLang = c.req.query('lang');
    if (isLocale(queryLang))
      setCookie(c, LANG_COOKIE, queryLang, { path: BASE, sameSite: 'Lax', maxAge: 365 * 86400 });
    const locale = loginLocale(queryLang ?? getCookie(c, LANG_COOKIE));
    const csrf = issueLoginCsrf(c);
    return c.html(
      <LoginPage
        t={translator(locale)}
        locale={locale}
        csrf={csrf}
        email=""
        next={safeNext(c.req.query('next'))}
      />,
    );
  });

  app.post('/login', async (c) => {
    const locale = loginLocale(getCookie(c, LANG_COOKIE));
    const t = translator(locale);
    const form = await readForm(c);
    const next = safeNext(text(form, 'next'));
    const email = text(form, 'email').trim();
    const cookieToken = getCookie(c, LOGIN_CSRF_COOKIE) ?? '';
    const render = (status: 400 | 401 | 403 | 429, error: string) =>
      c.html(
        <LoginPage t={t} locale={locale} csrf={issueLoginCsrf(c)} email={email} next={next} error={error} />,
        status,
      );
    if (!sameToken(text(form, '_csrf'), cookieToken)) return render(403, t('errors.CSRF_INVALID'));
    if (!email || !text(form, 'password')) return render(400, t('errors.LOGIN_FAILED'));
    try {
      const result = await login(deps.db, {
        email,
        password: text(form, 'password'),
        ip: socketAddress(c),
        userAgent: c.req.header('user-agent'),
        now: deps.clock(),
      });
      setSessionCookie(c, deps, result.session.token, result.session.expiresAt);
      await recordAudit(deps.db, {
        staffId: result.staff.id,
        action: 'staff.login',
        entityType: 'staff',
        entityId: result.staff.id,
      });
      await pruneLoginRecords(deps.db, deps.clock());
      return c.redirect(next, 303);
    } catch (error) {
      if (isAppError(error, 'LOGIN_THROTTLED')) return render(429, t('errors.LOGIN_THROTTLED'));
      if (isAppError(error, 'LOGIN_FAILED')) return render(401, t('errors.LOGIN_FAILED'));
      throw error;
    }
  });
  return app;
}

const passwordSchema = z
  .object({
    currentPassword: z.string().min(1, 'admin.v.required'),
    newPassword: z.string().min(8, 'admin.v.passwordShort').max(200, 'admin.v.tooLong'),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'admin.v.passwordMismatch',
  });

const PasswordPage: FC<{ ctx: PageContext; errors?: FieldErrors }> = ({ ctx, errors }) => (
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

/** The signed-in person's own account: sign out, password, language. */
export function accountRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(deps.db, token);
    clearSessionCookie(c);
    return c.redirect(`${BASE}/login`, 303);
  });

  app.get('/password', (c) => c.html(<PasswordPage ctx={pageContext(c, deps.timeZone)} />));
  app.post('/password', async (c) => {
    const ctx = pageContext(c, deps.timeZone);
    const form = await readForm(c);
    const parsed = validate(passwordSchema, {
      currentPassword: text(form, 'currentPassword'),
      newPassword: text(form, 'newPassword'),
      confirmPassword: text(form, 'confirmPassword'),
    });
    if (!parsed.ok) return c.html(<PasswordPage ctx={ctx} errors={parsed.errors} />, 400);
    try {
      await changePassword(deps.db, {
        staffId: ctx.staff.id,
        currentPassword: parsed.data.currentPassword,
        newPassword: parsed.data.newPassword,
        keepSessionId: c.get('sessionId'),
      });
    } catch (error) {
      if (isAppError(error, 'VALIDATION')) {
        const errors: FieldErrors = {};
        for (const f of error.fields) errors[f.field] = f.message;
        return c.html(<PasswordPage ctx={ctx} errors={errors} />, 400);
      }
      throw error;
    }
    await recordAudit(deps.db, {
      staffId: ctx.staff.id,
      action: 'staff.password',
      entityType: 'staff',
      entityId: ctx.staff.id,
    });
    return c.redirect(`${BASE}?flash=passwordChanged`, 303);
  });

  app.post('/locale', async (c) => {
    const form = await readForm(c);
    const locale = text(form, 'locale');
    if (!isLocale(locale)) return c.text(errorMessage(c.get('locale'), 'VALIDATION'), 400);
    await setStaffLocale(deps.db, c.get('staff').id, locale);
    setCookie(c, LANG_COOKIE, locale, { path: BASE, sameSite: 'Lax', maxAge: 365 * 86400 });
    return c.redirect(safeNext(text(form, 'back')), 303);
  });
  return app;
}
