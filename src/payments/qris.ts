import { AppError } from '../errors.ts';
import { crc16CcittFalse, crc16Hex } from './crc16.ts';
import { isTemplate, parseTlv, primitiveValue, serializeTlv, type TlvField } from './emv-tlv.ts';

/**
 * Globally unique identifiers (sub-tag 00 of a merchant account template) that mark a QRIS: the
 * national repository's reverse domain, and the name QRIS carried as GPN QR before 2019. Compared
 * without regard to case.
 */
export const QRIS_IDENTIFIERS = ['ID.CO.QRIS.WWW', 'ID.OR.GPNQR.WWW'] as const;

/** EMVCo caps a whole merchant-presented payload at 512 characters. */
const maxPayloadLength = 512;
/** Tag 54 holds at most 13 characters; Potret writes whole rupiah, so 13 digits. */
const maxAmountDigits = 13;
const crcTag = '63';

export interface QrisInfo {
  /** The payload exactly as read, CRC included. */
  payload: string;
  fields: TlvField[];
  merchantName: string;
  city: string;
  /** National Merchant ID (NMID, sub-tag 02 of the QRIS template), when the payload carries it. */
  nationalMerchantId: string | undefined;
  /** Tag 01: "11" is a static QR used for many payments, "12" a dynamic one for one payment. */
  pointOfInitiation: 'static' | 'dynamic';
  /** Tag 54 in rupiah, when the payload fixes an amount. */
  amount: number | undefined;
}

/** True when the payload ends with tag 63 (length 04) whose value is the CRC of everything before it. */
export function hasValidCrc(payload: string): boolean {
  const match = /6304([0-9A-Fa-f]{4})$/.exec(payload);
  if (!match) return false;
  return Number.parseInt(match[1]!, 16) === crc16CcittFalse(payload.slice(0, -4));
}

/** Appends tag 63 to a payload that has none: "6304" and the CRC computed over the text including it. */
export function appendCrc(payloadWithoutCrc: string): string {
  const covered = `${payloadWithoutCrc}${crcTag}04`;
  return `${covered}${crc16Hex(covered)}`;
}

/**
 * Reads a QRIS payload: EMVCo TLV, a valid CRC, and the parts every QRIS has (format indicator "01",
 * a QRIS identifier in one of the merchant account templates 26–51, currency 360, country ID, merchant
 * name and city). Throws QRIS_NOT_QRIS for text that is not a QRIS at all (a URL, another country's
 * QR), QRIS_INVALID for a broken EMVCo payload, QRIS_CRC_MISMATCH when the checksum does not match.
 */
export function parseQris(payload: string): QrisInfo {
  if (!payload.startsWith('000201')) {
    throw new AppError('QRIS_NOT_QRIS', 'payload does not start with EMVCo payload format indicator 01', {
      details: { reason: 'not-emvco' },
    });
  }
  if (Array.from(payload).length > maxPayloadLength) {
    throw new AppError('QRIS_INVALID', `payload is longer than ${maxPayloadLength} characters`);
  }
  const fields = parseTlv(payload);
  checkCrcField(payload, fields);

  const missing: string[] = [];
  const identified = findQrisTemplate(fields);
  if (!identified) missing.push('qris-identifier');
  if (primitiveValue(fields, '58') !== 'ID') missing.push('country-ID');
  if (primitiveValue(fields, '53') !== '360') missing.push('currency-360');
  const merchantName = primitiveValue(fields, '59')?.trim() ?? '';
  const city = primitiveValue(fields, '60')?.trim() ?? '';
  if (!merchantName) missing.push('merchant-name');
  if (!city) missing.push('merchant-city');
  if (missing.length > 0) {
    throw new AppError('QRIS_NOT_QRIS', `EMVCo payload is not a QRIS: ${missing.join(', ')}`, {
      details: { reason: 'missing', missing },
    });
  }

  return {
    payload,
    fields,
    merchantName,
    city,
    nationalMerchantId:
      identified && isTemplate(identified) ? primitiveValue(identified.fields, '02') : undefined,
    pointOfInitiation: readPointOfInitiation(fields),
    amount: readAmount(fields),
  };
}

function checkCrcField(payload: string, fields: readonly TlvField[]): void {
  const crcFields = fields.filter((field) => field.tag === crcTag);
  const last = fields.at(-1);
  if (
    crcFields.length !== 1 ||
    last?.tag !== crcTag ||
    isTemplate(last) ||
    !/^[0-9A-Fa-f]{4}$/.test(last.value)
  ) {
    throw new AppError('QRIS_INVALID', 'payload does not end with one CRC (tag 63, four hex digits)', {
      details: { reason: 'no-crc' },
    });
  }
  if (!hasValidCrc(payload)) {
    throw new AppError('QRIS_CRC_MISMATCH', 'CRC-16 of the payload does not match tag 63', {
      details: { stated: last.value.toUpperCase(), computed: crc16Hex(payload.slice(0, -4)) },
    });
  }
}

function findQrisTemplate(fields: readonly TlvField[]): TlvField | undefined {
  return fields.find((field) => {
    const n = Number(field.tag);
    if (n < 26 || n > 51 || !isTemplate(field)) return false;
    const identifier = primitiveValue(field.fields, '00')?.toUpperCase();
    return identifier !== undefined && (QRIS_IDENTIFIERS as readonly string[]).includes(identifier);
  });
}

function readPointOfInitiation(fields: readonly TlvField[]): 'static' | 'dynamic' {
  const value = primitiveValue(fields, '01');
  // EMVCo lets tag 01 be absent; a payload without it is used like a static one.
  if (value === undefined || value === '11') return 'static';
  if (value === '12') return 'dynamic';
  throw new AppError('QRIS_INVALID', `point of initiation ${JSON.stringify(value)} is neither 11 nor 12`, {
    details: { reason: 'point-of-initiation' },
  });
}

function readAmount(fields: readonly TlvField[]): number | undefined {
  const value = primitiveValue(fields, '54');
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d{1,2})?$/.test(value)) {
    throw new AppError('QRIS_INVALID', `amount ${JSON.stringify(value)} is not a number`, {
      details: { reason: 'amount' },
    });
  }
  return Number(value);
}

/** Tags dropped from a dynamic QRIS: 55 asks the payer for a tip, 56 and 57 add a fixed or percentage fee. */
const tipTags = new Set(['55', '56', '57']);

/**
 * The studio's QRIS turned into a dynamic one for exactly `amountRupiah`: point of initiation 12, tag 54
 * with the amount in whole rupiah, no tip or convenience fee tags, top-level tags in ascending order
 * and a new CRC last. Built from the parsed data objects, so a value that happens to contain "5405" or
 * "6304" is never touched.
 */
export function buildDynamicQris(staticPayload: string, amountRupiah: number): string {
  if (
    !Number.isSafeInteger(amountRupiah) ||
    amountRupiah <= 0 ||
    String(amountRupiah).length > maxAmountDigits
  ) {
    throw new AppError('VALIDATION', `QRIS amount ${amountRupiah} is not a whole rupiah amount above 0`, {
      fields: [{ field: 'amount', message: 'must be a whole number of rupiah above 0' }],
    });
  }
  const { fields } = parseQris(staticPayload);
  const kept = fields.filter((field) => !tipTags.has(field.tag) && !['01', '54', crcTag].includes(field.tag));
  const withAmount: TlvField[] = [
    ...kept,
    { tag: '01', value: '12' },
    { tag: '54', value: String(amountRupiah) },
  ];
  withAmount.sort((a, b) => Number(a.tag) - Number(b.tag));
  const payload = appendCrc(serializeTlv(withAmount));
  if (Array.from(payload).length > maxPayloadLength) {
    throw new AppError('QRIS_INVALID', `dynamic payload would be longer than ${maxPayloadLength} characters`);
  }
  return payload;
}
