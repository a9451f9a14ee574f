import type { FC } from 'hono/jsx';
import { type Locale, translator } from '../../src/i18n/index.ts';
import { Document } from './layout.tsx';

export const ErrorPage: FC<{ status: number; message: string; locale: Locale }> = ({
  status,
  message,
  locale,
}) => (
  <Document title={`${status} · Potret`} lang={locale} bodyClass="login">
    <div class="login-card">
      <h1>{status}</h1>
      <p class="sub">{message}</p>
      <a class="btn secondary" href="/admin">
        {translator(locale)('admin.error.back')}
      </a>
    </div>
  </Document>
);
