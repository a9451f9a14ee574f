import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * A success line ("Reservasi dikonfirmasi") is shown once. The redirect after a POST names it in the URL
 * (?flash=confirmed, which tests and links can read) and in this cookie; a page shows the URL's name only
 * while the cookie holds the same name, and clears the cookie as it shows it, so a reload, a bookmark or
 * the back button shows the page without the line.
 */
const FLASH_COOKIE = 'potret_flash';
/** Seconds the line waits for its page: the redirect is followed at once. */
const FLASH_SECONDS = 60;
const PATH = '/admin';

export function rememberFlash(c: Context, name: string): void {
  setCookie(c, FLASH_COOKIE, name, {
    path: PATH,
    httpOnly: true,
    sameSite: 'Lax',
    // It holds only a message's name; Secure whenever the request came over https.
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: FLASH_SECONDS,
  });
}

/** The flash name this request may show (undefined: none, or already shown), cleared for the next. */
export function takeFlash(c: Context): string | undefined {
  const named = c.req.query('flash');
  if (!named || !/^[a-zA-Z]{1,40}$/.test(named)) return undefined;
  if (getCookie(c, FLASH_COOKIE) !== named) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: PATH });
  return named;
}
