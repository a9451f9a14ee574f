import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneFromWhatsappId, tryNormalizePhone } from '../../src/customers/index.ts';
import { isAppError } from '../../src/errors.ts';

describe('normalizePhone', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['081234567890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['+62 812-3456-7890', '+6281234567890'],
    ['+62 0812 3456 7890', '+6281234567890'],
    ['(0812) 3456.7890', '+6281234567890'],
    ['81234567890', '+6281234567890'],
    ['  0856-1234-567  ', '+628561234567'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    ['a Tanjungpinang landline', '0771 312345'],
    ['a Jakarta landline', '+62 21 5551234'],
    ['too short', '0812'],
    ['too long', '0812345678901234'],
    ['garbage', 'abc'],
    ['digits inside words', 'call 0812 3456 7890'],
    ['a Singapore mobile', '+65 9123 4567'],
    ['empty', ''],
  ])('refuses %s with PHONE_INVALID', (_label, input) => {
    expect(tryNormalizePhone(input)).toBeUndefined();
    try {
      normalizePhone(input);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error, 'PHONE_INVALID')).toBe(true);
    }
  });
});

describe('phoneFromWhatsappId', () => {
  it('reads the phone of an Indonesian WhatsApp user', () => {
    expect(phoneFromWhatsappId('6281234567890@c.us')).toBe('+6281234567890');
  });

  it('has no phone for groups, privacy ids and foreign numbers', () => {
    expect(phoneFromWhatsappId('6281234567890-1600000000@g.us')).toBeUndefined();
    expect(phoneFromWhatsappId('123456789012345@lid')).toBeUndefined();
    expect(phoneFromWhatsappId('6591234567@c.us')).toBeUndefined();
  });
});
