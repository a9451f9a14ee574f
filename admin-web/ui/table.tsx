import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { Translate } from '../../src/i18n/index.ts';
import { ActionButton, Badge, Empty } from './components.tsx';
import type { PageContext } from './page-context.ts';

/** A column heading; `num` right-aligns it over figures. An empty label heads a column of buttons. */
export type Column = string | { label: string; num: true };

/**
 * A list as a table, or (given `empty`) one "nothing here" line when `count` is 0. The wrapper
 * scrolls wide tables sideways on a phone (360 px) instead of squeezing the columns.
 */
export const DataTable: FC<PropsWithChildren<{ count?: number; empty?: Child; columns?: Column[] }>> = (
  p,
) => {
  if (p.count === 0 && p.empty !== undefined) return <Empty>{p.empty}</Empty>;
  return (
    <div class="table-wrap">
      <table>
        {p.columns ? (
          <thead>
            <tr>
              {p.columns.map((c) =>
                typeof c === 'string' ? c ? <th>{c}</th> : <th /> : <th class="num">{c.label}</th>,
              )}
            </tr>
          </thead>
        ) : null}
        <tbody>{p.children}</tbody>
      </table>
    </div>
  );
};

/** The "+ New …" button in a list page's header. */
export const NewButton: FC<{ href: string; label: string }> = (p) => (
  <a class="btn primary" href={p.href}>
    + {p.label}
  </a>
);

export const ActiveBadge: FC<{ t: Translate; active: boolean }> = ({ t, active }) => (
  <Badge tone={active ? 'green' : ''}>{active ? t('admin.common.active') : t('admin.common.inactive')}</Badge>
);

/** Switches a catalog row on or off; `action` takes `active=1|0`. */
export const ToggleActiveButton: FC<{ ctx: PageContext; action: string; active: boolean }> = (p) => (
  <ActionButton
    ctx={p.ctx}
    action={p.action}
    label={p.active ? p.ctx.t('admin.common.deactivate') : p.ctx.t('admin.common.activate')}
    fields={{ active: p.active ? '0' : '1' }}
  />
);
