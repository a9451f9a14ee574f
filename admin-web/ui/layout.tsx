import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { MessageKey } from '../../src/i18n/index.ts';
import { type Area, canAccess } from '../../src/staff/index.ts';
import { Csrf } from './components.tsx';
import { type PageContext, translateMaybe } from './page-context.ts';

const nav: Array<{ area: Area; href: string; key: MessageKey }> = [
  { area: 'dashboard', href: '/admin', key: 'admin.nav.dashboard' },
  { area: 'reservations', href: '/admin/reservations', key: 'admin.nav.reservations' },
  { area: 'reservations', href: '/admin/calendar', key: 'admin.nav.calendar' },
  { area: 'customers', href: '/admin/customers', key: 'admin.nav.customers' },
  { area: 'complaints', href: '/admin/complaints', key: 'admin.nav.complaints' },
  { area: 'ratings', href: '/admin/ratings', key: 'admin.nav.ratings' },
  { area: 'products', href: '/admin/products', key: 'admin.nav.products' },
  { area: 'bundles', href: '/admin/bundles', key: 'admin.nav.bundles' },
  { area: 'faq', href: '/admin/faq', key: 'admin.nav.faq' },
  { area: 'rewards', href: '/admin/rewards', key: 'admin.nav.rewards' },
  { area: 'broadcasts', href: '/admin/broadcasts', key: 'admin.nav.broadcasts' },
  { area: 'reports', href: '/admin/reports', key: 'admin.nav.reports' },
  { area: 'settings', href: '/admin/settings', key: 'admin.nav.settings' },
  { area: 'staff', href: '/admin/staff', key: 'admin.nav.staff' },
  { area: 'queues', href: '/admin/queues', key: 'admin.nav.queues' },
];

function isActive(path: string, href: string): boolean {
  if (href === '/admin') return path === '/admin' || path === '/admin/';
  return path === href || path.startsWith(`${href}/`);
}

export const Document: FC<PropsWithChildren<{ title: string; lang: string; bodyClass?: string }>> = (p) => (
  <html lang={p.lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{p.title}</title>
      <link rel="stylesheet" href="/admin/static/admin.css" />
      <script src="/admin/static/admin.js" defer />
    </head>
    <body class={p.bodyClass}>{p.children}</body>
  </html>
);

export const Layout: FC<
  PropsWithChildren<{ ctx: PageContext; title: string; actions?: Child; wide?: boolean }>
> = ({ ctx, title, actions, children }) => {
  const { t, staff } = ctx;
  const flashKey = ctx.flash ? `admin.flash.${ctx.flash}` : undefined;
  // An unknown flash name (a hand-edited URL) shows nothing rather than the raw key.
  const flashText = flashKey ? translateMaybe(t, flashKey) : undefined;
  return (
    <Document title={`${title} · Potret`} lang={ctx.locale}>
      <input type="checkbox" id="nav-toggle" class="nav-toggle" aria-label="Menu" />
      <header class="topbar">
        <label for="nav-toggle" class="burger" aria-label={t('common.menu')} title={t('common.menu')}>
          <span />
          <span />
          <span />
        </label>
        <a class="brand" href="/admin">
          <span class="logo" aria-hidden="true" />
          Potret
        </a>
        <span class="who">
          {staff.name} · {t(`admin.role.${staff.role}`)}
        </span>
      </header>
      <div class="shell">
        <nav class="sidebar" aria-label={t('common.menu')}>
          <ul>
            {nav
              .filter((item) => canAccess(staff.role, item.area))
              .map((item) => (
                <li>
                  <a href={item.href} class={isActive(ctx.path, item.href) ? 'active' : undefined}>
                    {t(item.key)}
                  </a>
                </li>
              ))}
          </ul>
          <div class="sidebar-foot">
            <form method="post" action="/admin/locale" class="lang">
              <Csrf ctx={ctx} />
              <input type="hidden" name="back" value={ctx.path} />
              <button type="submit" name="locale" value="id" class={ctx.locale === 'id' ? 'on' : undefined}>
                Indonesia
              </button>
              <button type="submit" name="locale" value="en" class={ctx.locale === 'en' ? 'on' : undefined}>
                English
              </button>
            </form>
            <a href="/admin/password">{t('admin.nav.password')}</a>
            <form method="post" action="/admin/logout">
              <Csrf ctx={ctx} />
              <button type="submit" class="link">
                {t('admin.nav.logout')}
              </button>
            </form>
          </div>
        </nav>
        <main>
          <div class="page-head">
            <h1>{title}</h1>
            {actions ? <div class="page-actions">{actions}</div> : null}
          </div>
          {flashText && flashText !== flashKey ? (
            <div class="alert ok" role="status">
              {flashText}
            </div>
          ) : null}
          {children}
        </main>
      </div>
    </Document>
  );
};
