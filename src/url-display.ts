/**
 * A connection URL as it may be printed: the password replaced by `***`. A URL that does not parse
 * (libpq's `postgres://user@/db?host=…` form) loses whatever stands between `:` and `@`.
 */
export function urlForDisplay(url: string): string {
  if (URL.canParse(url)) {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  }
  return url.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}
