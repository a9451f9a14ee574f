import { AppError } from '../errors.ts';

/**
 * EMVCo merchant-presented QR (EMV QRCPS MPM) data objects: a two-digit tag, a two-digit length and the
 * value. Lengths count characters, not bytes (the spec's own example has four Chinese characters under
 * length 04), so this module works on code points.
 */
export type TlvField = TlvPrimitive | TlvTemplate;

export interface TlvPrimitive {
  tag: string;
  value: string;
}

export interface TlvTemplate {
  tag: string;
  fields: TlvField[];
}

const maxValueLength = 99;
const tagPattern = /^\d{2}$/;

/**
 * Top-level tags whose value is itself a list of data objects: 26–51 merchant account information,
 * 62 additional data, 64 merchant information in another language, 80–99 unreserved templates.
 */
export function isTemplateTag(tag: string): boolean {
  const n = Number(tag);
  return (n >= 26 && n <= 51) || n === 62 || n === 64 || n >= 80;
}

/**
 * Splits a payload into data objects, parsing the top-level templates' values too. A template whose
 * value is not well-formed TLV stays a primitive with its raw value, so serialising gives back the
 * same text.
 */
export function parseTlv(payload: string): TlvField[] {
  return parseLevel(Array.from(payload), true);
}

function parseLevel(chars: string[], topLevel: boolean): TlvField[] {
  const fields: TlvField[] = [];
  let at = 0;
  while (at < chars.length) {
    const tag = chars.slice(at, at + 2).join('');
    const lengthText = chars.slice(at + 2, at + 4).join('');
    if (!tagPattern.test(tag) || !/^\d{2}$/.test(lengthText)) {
      throw new AppError('QRIS_INVALID', `malformed data object header at character ${at}`, {
        details: { position: at },
      });
    }
    const length = Number(lengthText);
    const end = at + 4 + length;
    if (end > chars.length) {
      throw new AppError('QRIS_INVALID', `tag ${tag} declares ${length} characters past the end`, {
        details: { position: at, tag },
      });
    }
    const valueChars = chars.slice(at + 4, end);
    const value = valueChars.join('');
    fields.push(topLevel && isTemplateTag(tag) ? templateOrRaw(tag, valueChars, value) : { tag, value });
    at = end;
  }
  return fields;
}

function templateOrRaw(tag: string, valueChars: string[], value: string): TlvField {
  if (valueChars.length === 0) return { tag, value };
  try {
    return { tag, fields: parseLevel(valueChars, false) };
  } catch {
    return { tag, value };
  }
}

export function isTemplate(field: TlvField): field is TlvTemplate {
  return 'fields' in field;
}

export function serializeTlv(fields: readonly TlvField[]): string {
  return fields.map(serializeField).join('');
}

function serializeField(field: TlvField): string {
  if (!tagPattern.test(field.tag)) {
    throw new AppError('QRIS_INVALID', `tag ${JSON.stringify(field.tag)} is not two digits`);
  }
  const value = isTemplate(field) ? serializeTlv(field.fields) : field.value;
  const length = Array.from(value).length;
  if (length > maxValueLength) {
    throw new AppError('QRIS_INVALID', `tag ${field.tag} value is ${length} characters (99 at most)`, {
      details: { tag: field.tag, length },
    });
  }
  return `${field.tag}${String(length).padStart(2, '0')}${value}`;
}

/** The value of a primitive data object, or undefined when it is absent or a template. */
export function primitiveValue(fields: readonly TlvField[], tag: string): string | undefined {
  const field = fields.find((candidate) => candidate.tag === tag);
  return field && !isTemplate(field) ? field.value : undefined;
}
