import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { Translate } from '../../src/i18n/index.ts';
import type { FieldErrors } from '../forms.ts';
import { type PageContext, translateMaybe } from './page-context.ts';

export const Csrf: FC<{ ctx: PageContext }> = ({ ctx }) => (
  <input type="hidden" name="_csrf" value={ctx.csrf} />
);

export interface FieldProps {
  t: Translate;
  name: string;
  label: string;
  value?: string | number | null | undefined;
  errors?: FieldErrors | undefined;
  type?: string;
  required?: boolean;
  hint?: string;
  placeholder?: string;
  autocomplete?: string;
  step?: string;
  min?: string | number;
  inputmode?: 'decimal' | 'email' | 'none' | 'numeric' | 'search' | 'tel' | 'text' | 'url';
}

export const FieldError: FC<{ t: Translate; name: string; errors?: FieldErrors | undefined }> = ({
  t,
  name,
  errors,
}) => {
  const message = errors?.[name];
  if (!message) return null;
  return (
    <p class="field-error" id={`${name}-error`} data-field={name}>
      {translateMaybe(t, message)}
    </p>
  );
};

export const Field: FC<FieldProps> = (p) => {
  const invalid = Boolean(p.errors?.[p.name]);
  return (
    <div class={`field${invalid ? ' invalid' : ''}`}>
      <label for={`f-${p.name}`}>{p.label}</label>
      <input
        id={`f-${p.name}`}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value === null || p.value === undefined ? '' : String(p.value)}
        required={p.required}
        placeholder={p.placeholder}
        autocomplete={p.autocomplete}
        step={p.step}
        min={p.min}
        inputmode={p.inputmode}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={invalid ? `${p.name}-error` : undefined}
      />
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      <FieldError t={p.t} name={p.name} errors={p.errors} />
    </div>
  );
};

export const TextArea: FC<Omit<FieldProps, 'type'> & { rows?: number }> = (p) => {
  const invalid = Boolean(p.errors?.[p.name]);
  return (
    <div class={`field${invalid ? ' invalid' : ''}`}>
      <label for={`f-${p.name}`}>{p.label}</label>
      <textarea
        id={`f-${p.name}`}
        name={p.name}
        rows={p.rows ?? 4}
        required={p.required}
        placeholder={p.placeholder}
        aria-invalid={invalid ? 'true' : undefined}
      >
        {p.value === null || p.value === undefined ? '' : String(p.value)}
      </textarea>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      <FieldError t={p.t} name={p.name} errors={p.errors} />
    </div>
  );
};

export const Select: FC<
  Omit<FieldProps, 'type'> & { options: Array<{ value: string; label: string }>; blank?: string }
> = (p) => {
  const invalid = Boolean(p.errors?.[p.name]);
  const current = p.value === null || p.value === undefined ? '' : String(p.value);
  return (
    <div class={`field${invalid ? ' invalid' : ''}`}>
      <label for={`f-${p.name}`}>{p.label}</label>
      <select
        id={`f-${p.name}`}
        name={p.name}
        required={p.required}
        aria-invalid={invalid ? 'true' : undefined}
      >
        {p.blank !== undefined ? <option value="">{p.blank}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError t={p.t} name={p.name} errors={p.errors} />
    </div>
  );
};

export const Checkbox: FC<{ name: string; label: string; checked: boolean }> = (p) => (
  <label class="check">
    <input type="checkbox" name={p.name} value="1" checked={p.checked} /> {p.label}
  </label>
);

/** A one-button form: for actions such as activate, close, delete. */
export const ActionButton: FC<{
  ctx: PageContext;
  action: string;
  label: string;
  kind?: 'primary' | 'danger' | 'secondary';
  confirm?: string;
  fields?: Record<string, string>;
  /** Said on hover and to screen readers when the label is only a sign (↑). */
  title?: string;
}> = (p) => (
  <form method="post" action={p.action} class="inline" data-confirm={p.confirm}>
    <Csrf ctx={p.ctx} />
    {Object.entries(p.fields ?? {}).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    <button type="submit" class={`btn ${p.kind ?? 'secondary'}`} title={p.title} aria-label={p.title}>
      {p.label}
    </button>
  </form>
);

/** Save, and a way back without saving. */
export const SaveOrCancel: FC<{ t: Translate; cancelHref: string }> = ({ t, cancelHref }) => (
  <div class="btn-row">
    <button type="submit" class="btn primary">
      {t('admin.form.save')}
    </button>
    <a class="btn secondary" href={cancelHref}>
      {t('admin.form.cancel')}
    </a>
  </div>
);

/** A whole-page problem (a lost race, a refused action), shown above the content. */
export const ErrorAlert: FC<{ message: string | undefined }> = ({ message }) =>
  message ? (
    <div class="alert error" role="alert">
      {message}
    </div>
  ) : null;

export const FormErrorSummary: FC<{
  t: Translate;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}> = ({ t, errors, message }) => {
  if (!message && (!errors || Object.keys(errors).length === 0)) return null;
  return (
    <div class="alert error" role="alert">
      {message ?? t('admin.form.fixErrors')}
    </div>
  );
};

export const Card: FC<PropsWithChildren<{ title?: Child; actions?: Child; class?: string }>> = (p) => (
  <section class={`card ${p.class ?? ''}`}>
    {p.title || p.actions ? (
      <header class="card-head">
        {p.title ? <h2>{p.title}</h2> : <span />}
        {p.actions ? <div class="card-actions">{p.actions}</div> : null}
      </header>
    ) : null}
    {p.children}
  </section>
);

export const Badge: FC<PropsWithChildren<{ tone?: string }>> = (p) => (
  <span class={`badge ${p.tone ?? ''}`}>{p.children}</span>
);

const statusTone: Record<string, string> = {
  pending_payment: 'amber',
  awaiting_confirmation: 'blue',
  confirmed: 'green',
  completed: 'grey',
  cancelled: 'red',
  expired: 'grey',
  open: 'red',
  answered: 'blue',
  closed: 'grey',
  draft: 'grey',
  scheduled: 'amber',
  queued: 'blue',
  running: 'blue',
  no_show: 'red',
};

export const StatusBadge: FC<{
  t: Translate;
  status: string;
  prefix?: 'status' | 'complaintStatus' | 'broadcastStatus';
}> = ({ t, status, prefix }) => {
  const key =
    prefix === 'broadcastStatus'
      ? `admin.broadcastStatus.${status}`
      : `common.${prefix ?? 'status'}.${status}`;
  return <Badge tone={statusTone[status]}>{translateMaybe(t, key)}</Badge>;
};

export const Empty: FC<PropsWithChildren> = (p) => <p class="empty">{p.children}</p>;

/** Keyset paging: only "next" (and back to the start), which stays fast however deep the list goes. */
export const Pager: FC<{ t: Translate; nextHref: string | undefined; firstHref: string | undefined }> = (
  p,
) => {
  if (!p.nextHref && !p.firstHref) return null;
  return (
    <nav class="pager">
      {p.firstHref ? (
        <a class="btn secondary" href={p.firstHref}>
          « {p.t('admin.pager.first')}
        </a>
      ) : (
        <span />
      )}
      {p.nextHref ? (
        <a class="btn secondary" href={p.nextHref} rel="next">
          {p.t('admin.pager.next')} »
        </a>
      ) : null}
    </nav>
  );
};

/** Builds a query string from the non-empty values. */
export function href(path: string, params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
