import type { FC } from 'hono/jsx';
import type { Translate } from '../../src/i18n/index.ts';
import type { FieldErrors } from '../forms.ts';
import { Field, type FieldProps, Select, TextArea } from './components.tsx';

type Own<P> = Omit<P, 't' | 'errors' | 'value'> & { value?: FieldProps['value'] };
type SelectProps = Parameters<typeof Select>[0];
type TextAreaProps = Parameters<typeof TextArea>[0];

/**
 * A form's translator, submitted values and field errors bound once, so each field names only what
 * is its own; a field shows the submitted value under its name unless given another. A password
 * field is always sent empty: a password never goes back into a page.
 */
export function bindForm(t: Translate, values: Record<string, unknown>, errors?: FieldErrors) {
  const value = (name: string): string => {
    const v = values[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  };
  const BoundField: FC<Own<FieldProps>> = (p) => (
    <Field {...p} t={t} errors={errors} value={p.type === 'password' ? '' : (p.value ?? value(p.name))} />
  );
  const BoundTextArea: FC<Own<TextAreaProps>> = (p) => (
    <TextArea {...p} t={t} errors={errors} value={p.value ?? value(p.name)} />
  );
  const BoundSelect: FC<Own<SelectProps>> = (p) => (
    <Select {...p} t={t} errors={errors} value={p.value ?? value(p.name)} />
  );
  return { value, Field: BoundField, TextArea: BoundTextArea, Select: BoundSelect };
}
