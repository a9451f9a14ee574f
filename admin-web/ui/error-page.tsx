import type { FC } from 'hono/jsx';
import { Document } from './layout.tsx';

export const ErrorPage: FC<{ status: number; message: string }> = ({ status, message }) => (
  <Document title={`${status} · Potret`} lang="id" bodyClass="login">
    <div class="login-card">
      <h1>{status}</h1>
      <p class="sub">{message}</p>
      <a class="btn secondary" href="/admin">
        Dashboard
      </a>
    </div>
  </Document>
);
