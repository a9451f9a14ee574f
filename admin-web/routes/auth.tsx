import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
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
import { createDecoyHash } from '../../src/staff/login.ts';
import {
  BASE,
  clearSessionCookie,
  LANG_COOKIE,
  LOGIN_CSRF_COOKIE,
  SESSION_COOKIE,
  sameToken,
  clientAddress,
  setSessionCookie,
} from '../auth.ts';
import type { AdminContext, AdminEnv } from '../env.ts';
import { type FieldErrors, readForm, text, validate } from '../forms.ts';
import { LoginPage, PasswordPage } from '../pages/auth.tsx';
import { pageContext } from '../ui/page-context.ts';
import { passwordSchema } from './auth.schema.ts';
import { flashRedirect } from './helpers.ts';

/** Only paths inside the admin app; anything else (//evil.example, https://…) goes to the dashboard. */
function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : BASE;
}
/** "30 detik", "3 menit": a wait under a minute in seconds, longer ones in whole minutes (rounded up). */
function waitText(t: Translate, seconds: number): string {
  return seconds < 60
    ? t('admin.login.seconds', { seconds })
    : t('admin.common.minutes', { minutes: Math.ceil(seconds / 60) });
}

/** The sign-in page's language, a year: no script reads it, so it is as closed as the session cookie. */
function setLanguageCookie(c: Context, deps: AdminContext, locale: Locale): void {
  setCookie(c, LANG_COOKIE, locale, {
    path: BASE,
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.secureCookies,
    maxAge: 365 * 86400,
  });
}

export function publicAuthRoutes(deps: AdminContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  // One per app: an unknown email is checked against it, so it answers as slowly as a wrong password.
  const decoyHash = createDecoyHash();
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
    if (isLocale(queryLang)) setLanguageCookie(c, deps, queryLang);
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
      const result = await login(
        deps.db,
        {
          email,
          password: text(form, 'password'),
          ip: clientAddress(c, deps),
          userAgent: c.req.header('user-agent'),
          now: deps.clock(),
        },
        { decoyHash },
      );
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
      if (isAppError(error, 'LOGIN_THROTTLED')) {
        const seconds = Number(error.details?.retryAfterSeconds ?? 60);
        c.header('Retry-After', String(seconds));
        return render(429, t('admin.login.throttled', { wait: waitText(t, seconds) }));
      }
      if (isAppError(error, 'LOGIN_FAILED')) return render(401, t('errors.LOGIN_FAILED'));
      throw error;
    }
  });
  return app;
}
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
    return flashRedirect(c, BASE, 'passwordChanged');
  });

  app.post('/locale', async (c) => {
    const form = await readForm(c);
    const locale = text(form, 'locale');
    if (!isLocale(locale)) return c.text(errorMessage(c.get('locale'), 'VALIDATION'), 400);
    await setStaffLocale(deps.db, c.get('staff').id, locale);
    setLanguageCookie(c, deps, locale);
    return c.redirect(safeNext(text(form, 'back')), 303);
  });
  return app;
}
