import type { FC } from 'hono/jsx';
import type { Translate } from '../../src/i18n/index.ts';

/** The search box over customers by name, phone or code (customers list, rewards ledgers). */
export const CustomerSearch: FC<{ t: Translate; action: string; q: string; card?: boolean }> = ({
  t,
  action,
  q,
  card,
}) => (
  <form method="get" action={action} class={card ? 'filters card' : 'filters'}>
    <div class="field">
      <label for="f-q">{t('admin.cus.search')}</label>
      <input id="f-q" type="search" name="q" value={q} placeholder={t('admin.cus.searchHint')} />
    </div>
    <button type="submit" class="btn primary">
      {t('admin.form.search')}
    </button>
  </form>
);
