import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { translator } from '../src/i18n/index.ts';
import { localeFromLanguageCode } from '../src/i18n/locale.ts';
import { LANG_COOKIE, wantsJson } from './auth.ts';
import { Document } from './ui/layout.tsx';

/**
 * Body limit of forms without a file, bytes. Every text field has a limit of a few thousand
 * characters at most, checked by its form's schema, which answers 400 with the limit next to the field
 * and the text kept in it; 1 MB lets a far too long text (a pasted document) reach that check. Beyond it
 * the body is not read: textTooLong answers.
 */
export const TEXT_FORM_BODY_LIMIT = 1024 * 1024;

/**
 * A text form past TEXT_FORM_BODY_LIMIT: 413 saying the text is too long (not the photo upload's
 * message), in the staff member's language, with a way back to the form as the browser kept it.
 */
export function textTooLong(c: Context) {
  const locale = localeFromLanguageCode(getCookie(c, LANG_COOKIE));
  const t = translator(locale);
  const message = t('admin.v.formTooLong');
  if (wantsJson(c)) return c.json({ error: { code: 'VALIDATION', message } }, 413);
  // Back to the page the form was on (same origin only); admin.js makes it a history step, so what was
  // typed is still there.
  const referer = c.req.header('referer') ?? '';
  const back = referer.startsWith(new URL(c.req.url).origin) ? new URL(referer).pathname : '/admin';
  return c.html(
    <Document title={`413 · Potret`} lang={locale} bodyClass="login">
      <div class="login-card">
        <h1>413</h1>
        <p class="sub">{message}</p>
        <a class="btn primary" href={back} data-history-back>
          {t('admin.v.backToForm')}
        </a>
      </div>
    </Document>,
    413,
  );
}
