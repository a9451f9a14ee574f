import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '../errors.ts';

/** Only what people type around a number: digits, spaces, dots, dashes, brackets and a leading plus. */
const phoneCharacters = /^\+?[\d\s().-]+$/;

/**
 * An Indonesian mobile number as E.164 (+62812…), or undefined. Accepts 0812…, 62812…, +62 812-…,
 * and 812… without the trunk zero. Landlines and foreign numbers are refused: the phone is how the
 * studio reaches the customer on WhatsApp and how channels are joined, so it must be a mobile in
 * Indonesia. (The `max` metadata is needed to tell mobiles from landlines.)
 */
export function tryNormalizePhone(input: string): string | undefined {
  const trimmed = input.trim();
  if (!phoneCharacters.test(trimmed)) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, 'ID');
  if (parsed?.country !== 'ID' || !parsed.isValid()) return undefined;
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return undefined;
  return parsed.number;
}

/** As tryNormalizePhone, but a number that is not an Indonesian mobile fails with PHONE_INVALID. */
export function normalizePhone(input: string): string {
  const phone = tryNormalizePhone(input);
  // The typed text stays out of the message: error messages end up in logs.
  if (!phone) throw new AppError('PHONE_INVALID', `not a mobile number (${input.length} characters)`);
  return phone;
}

/**
 * The phone behind a WhatsApp id ('6281234567890@c.us'), when it is an Indonesian mobile.
 * Group ids (…@g.us) and newer privacy ids (…@lid) carry no phone.
 */
export function phoneFromWhatsappId(whatsappId: string): string | undefined {
  const match = /^(\d{8,15})@c\.us$/.exec(whatsappId.trim());
  return match ? tryNormalizePhone(`+${match[1]}`) : undefined;
}
