import QRCode from 'qrcode';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../src/errors.ts';
import { errorMessage } from '../../src/i18n/index.ts';
import {
  buildDynamicQris,
  crc16CcittFalse,
  crc16Hex,
  hasValidCrc,
  isTemplate,
  parseQris,
  parseTlv,
  qrisPng,
  readQrFromImage,
  readStaticQris,
  serializeTlv,
  type TlvField,
} from '../../src/payments/index.ts';

/** One EMVCo data object written by hand: tag, two-digit length in characters, value. */
function tlv(tag: string, value: string): string {
  return `${tag}${String(Array.from(value).length).padStart(2, '0')}${value}`;
}

function withCrc(body: string): string {
  return `${body}6304${crc16Hex(`${body}6304`)}`;
}

/**
 * A studio's static QRIS as a bank in Tanjungpinang would issue it: the acquirer's own template in 26,
 * the national QRIS template (ID.CO.QRIS.WWW, NMID, criteria) in 51, MCC 7221 (photographic studios),
 * and a tip prompt (55 = 01) that a dynamic QRIS must not carry.
 */
const acquirer26 = tlv(
  '26',
  tlv('00', 'ID.CO.BANKRIAUKEPRI.WWW') +
    tlv('01', '936001190000123456') +
    tlv('02', '000195') +
    tlv('03', 'UMI'),
);
const qris51 = tlv('51', tlv('00', 'ID.CO.QRIS.WWW') + tlv('02', 'ID1024312345678') + tlv('03', 'UMI'));
const staticIn51 = withCrc(
  tlv('00', '01') +
    tlv('01', '11') +
    acquirer26 +
    qris51 +
    tlv('52', '7221') +
    tlv('53', '360') +
    tlv('55', '01') +
    tlv('58', 'ID') +
    tlv('59', 'POTRET STUDIO') +
    tlv('60', 'TANJUNGPINANG') +
    tlv('61', '29111') +
    tlv('62', tlv('07', 'KASIR01')),
);

/**
 * A payload where the QRIS identifier sits in tag 26 itself (some e-wallets issue these), with a fixed
 * convenience fee (55 = 02 with 56) and also a 57 (EMVCo pairs it with 55 = 03) so that every fee tag is
 * seen to go, and a merchant name that contains the text "5405" and "6304".
 */
const staticIn26 = withCrc(
  tlv('00', '01') +
    tlv('01', '11') +
    tlv('26', tlv('00', 'id.co.qris.www') + tlv('01', '936009140000987654') + tlv('02', 'ID2021098765432')) +
    tlv('52', '7221') +
    tlv('53', '360') +
    tlv('55', '02') +
    tlv('56', '2500') +
    tlv('57', '1.5') +
    tlv('58', 'ID') +
    tlv('59', 'FOTO 5405 6304') +
    tlv('60', 'BINTAN'),
);

/** The worked example in EMV QRCPS Merchant-Presented Mode, Appendix A (Chinese in template 64, CRC A13A). */
const emvcoSpecExample =
  '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT' +
  '6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME9132' +
  '0016A0112233449988770708123456786304A13A';

function codeOf(run: () => unknown): ErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

async function codeOfAsync(run: () => Promise<unknown>): Promise<ErrorCode | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

function topTags(payload: string): string[] {
  return parseTlv(payload).map((field) => field.tag);
}

function topValue(payload: string, tag: string): string | undefined {
  const field = parseTlv(payload).find((candidate) => candidate.tag === tag);
  return field === undefined ? undefined : isTemplate(field) ? serializeTlv(field.fields) : field.value;
}

describe('CRC-16/CCITT-FALSE', () => {
  it('matches the catalogue check value for "123456789" (0x29B1)', () => {
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
    expect(crc16Hex('123456789')).toBe('29B1');
  });

  it('matches the EMVCo specification example, computed over UTF-8 bytes up to and including "6304"', () => {
    expect(crc16Hex(emvcoSpecExample.slice(0, -4))).toBe('A13A');
    expect(hasValidCrc(emvcoSpecExample)).toBe(true);
  });

  it('writes four uppercase hex digits, zero-padded', () => {
    const padded = Array.from({ length: 5000 }, (_, i) => crc16Hex(`x${i}`)).find((hex) =>
      hex.startsWith('0'),
    );
    expect(padded).toMatch(/^0[0-9A-F]{3}$/);
  });

  it('accepts lowercase CRC digits when validating, and rejects a payload with one character changed', () => {
    expect(hasValidCrc(staticIn51.slice(0, -4) + staticIn51.slice(-4).toLowerCase())).toBe(true);
    expect(hasValidCrc(staticIn51.replace('POTRET STUDIO', 'POTRET STUDI0'))).toBe(false);
    expect(hasValidCrc(staticIn51.slice(0, -8))).toBe(false);
  });
});

describe('EMVCo TLV', () => {
  it('parses the specification example with nested templates, counting lengths in characters', () => {
    const fields = parseTlv(emvcoSpecExample);
    expect(fields.map((field) => field.tag)).toEqual([
      '00',
      '01',
      '29',
      '31',
      '52',
      '58',
      '59',
      '60',
      '64',
      '54',
      '53',
      '55',
      '62',
      '91',
      '63',
    ]);
    const language = fields.find((field) => field.tag === '64') as Extract<TlvField, { fields: unknown }>;
    expect(language.fields).toEqual([
      { tag: '00', value: 'ZH' },
      { tag: '01', value: '最佳运输' },
      { tag: '02', value: '北京' },
    ]);
    const additional = fields.find((field) => field.tag === '62') as Extract<TlvField, { fields: unknown }>;
    expect(additional.fields.map((field) => field.tag)).toEqual(['03', '06', '07', '09']);
    expect(serializeTlv(fields)).toBe(emvcoSpecExample);
  });

  it('parses merchant account templates 26 and 51 into their sub-tags and serialises back to the same text', () => {
    const fields = parseTlv(staticIn51);
    const t51 = fields.find((field) => field.tag === '51');
    expect(t51 && isTemplate(t51) ? t51.fields : undefined).toEqual([
      { tag: '00', value: 'ID.CO.QRIS.WWW' },
      { tag: '02', value: 'ID1024312345678' },
      { tag: '03', value: 'UMI' },
    ]);
    expect(serializeTlv(fields)).toBe(staticIn51);
    expect(serializeTlv(parseTlv(staticIn26))).toBe(staticIn26);
  });

  it('refuses a payload cut short or with a non-numeric length', () => {
    expect(codeOf(() => parseTlv(staticIn51.slice(0, 40)))).toBe('QRIS_INVALID');
    expect(codeOf(() => parseTlv('0002010X'))).toBe('QRIS_INVALID');
    expect(codeOf(() => serializeTlv([{ tag: '59', value: 'x'.repeat(100) }]))).toBe('QRIS_INVALID');
  });
});

describe('recognising a QRIS', () => {
  it('reads merchant, city and NMID when the QRIS identifier is in tag 51', () => {
    const info = parseQris(staticIn51);
    expect(info).toMatchObject({
      merchantName: 'POTRET STUDIO',
      city: 'TANJUNGPINANG',
      nationalMerchantId: 'ID1024312345678',
      pointOfInitiation: 'static',
      amount: undefined,
    });
  });

  it('reads a QRIS whose identifier is in tag 26 (any case)', () => {
    expect(parseQris(staticIn26)).toMatchObject({
      merchantName: 'FOTO 5405 6304',
      city: 'BINTAN',
      nationalMerchantId: 'ID2021098765432',
    });
  });

  it('accepts the identifier in any merchant account template 26–51, and the earlier GPN QR name', () => {
    const in40 = withCrc(
      tlv('00', '01') +
        tlv('40', tlv('00', 'ID.OR.GPNQR.WWW') + tlv('02', 'ID1111')) +
        tlv('53', '360') +
        tlv('58', 'ID') +
        tlv('59', 'STUDIO') +
        tlv('60', 'BATAM'),
    );
    expect(parseQris(in40).merchantName).toBe('STUDIO');
  });

  it('refuses an EMVCo QR from another country, and an Indonesian one without the QRIS identifier', () => {
    expect(codeOf(() => parseQris(emvcoSpecExample))).toBe('QRIS_NOT_QRIS');
    const promptPay = withCrc(
      tlv('00', '01') +
        tlv('01', '11') +
        tlv('29', tlv('00', 'A000000677010111') + tlv('01', '0066812345678')) +
        tlv('53', '764') +
        tlv('58', 'TH') +
        tlv('59', 'STUDIO') +
        tlv('60', 'BANGKOK'),
    );
    expect(codeOf(() => parseQris(promptPay))).toBe('QRIS_NOT_QRIS');
    const noIdentifier = withCrc(
      tlv('00', '01') +
        tlv('26', tlv('00', 'ID.CO.BANKRIAUKEPRI.WWW') + tlv('01', '9360')) +
        tlv('53', '360') +
        tlv('58', 'ID') +
        tlv('59', 'STUDIO') +
        tlv('60', 'BINTAN'),
    );
    expect(codeOf(() => parseQris(noIdentifier))).toBe('QRIS_NOT_QRIS');
  });

  it('refuses a QRIS without merchant name or city', () => {
    const noCity = withCrc(
      tlv('00', '01') + qris51 + tlv('53', '360') + tlv('58', 'ID') + tlv('59', 'STUDIO'),
    );
    expect(codeOf(() => parseQris(noCity))).toBe('QRIS_NOT_QRIS');
  });

  it('tells a URL, a broken CRC and a missing CRC apart', () => {
    expect(codeOf(() => parseQris('https://potret.example/booking/R-2026-000123'))).toBe('QRIS_NOT_QRIS');
    expect(codeOf(() => parseQris(staticIn51.replace('TANJUNGPINANG', 'TANJUNGPINANX')))).toBe(
      'QRIS_CRC_MISMATCH',
    );
    expect(codeOf(() => parseQris(staticIn51.slice(0, -8)))).toBe('QRIS_INVALID');
  });
});

describe('dynamic QRIS for an exact amount', () => {
  it('sets point of initiation 12 and tag 54, drops the tip tag, keeps everything else and a valid CRC', () => {
    const dynamic = buildDynamicQris(staticIn51, 350_000);
    expect(hasValidCrc(dynamic)).toBe(true);
    expect(topValue(dynamic, '01')).toBe('12');
    expect(topValue(dynamic, '54')).toBe('350000');
    expect(topTags(dynamic)).not.toContain('55');
    for (const tag of ['00', '26', '51', '52', '53', '58', '59', '60', '61', '62']) {
      expect(topValue(dynamic, tag)).toBe(topValue(staticIn51, tag));
    }
    expect(parseQris(dynamic)).toMatchObject({ pointOfInitiation: 'dynamic', amount: 350_000 });
  });

  it('writes the top-level tags in ascending order with the CRC last', () => {
    const shuffled = withCrc(
      tlv('00', '01') +
        tlv('59', 'POTRET STUDIO') +
        tlv('60', 'TANJUNGPINANG') +
        qris51 +
        tlv('58', 'ID') +
        tlv('53', '360') +
        tlv('01', '11'),
    );
    const tags = topTags(buildDynamicQris(shuffled, 150_000));
    expect(tags).toEqual(['00', '01', '51', '53', '54', '58', '59', '60', '63']);
  });

  it('removes every tip and fee tag (55, 56, 57) and leaves values that contain "5405" or "6304" alone', () => {
    const dynamic = buildDynamicQris(staticIn26, 2_750_000);
    const tags = topTags(dynamic);
    expect(tags.filter((tag) => ['55', '56', '57'].includes(tag))).toEqual([]);
    expect(parseQris(dynamic)).toMatchObject({ merchantName: 'FOTO 5405 6304', amount: 2_750_000 });
    expect(dynamic).toBe(
      withCrc(
        tlv('00', '01') +
          tlv('01', '12') +
          tlv(
            '26',
            tlv('00', 'id.co.qris.www') + tlv('01', '936009140000987654') + tlv('02', 'ID2021098765432'),
          ) +
          tlv('52', '7221') +
          tlv('53', '360') +
          tlv('54', '2750000') +
          tlv('58', 'ID') +
          tlv('59', 'FOTO 5405 6304') +
          tlv('60', 'BINTAN'),
      ),
    );
  });

  it('replaces the amount of a QRIS that already has one instead of adding a second', () => {
    const first = buildDynamicQris(staticIn51, 100_000);
    const second = buildDynamicQris(first, 1_250_000);
    expect(topTags(second).filter((tag) => tag === '54')).toHaveLength(1);
    expect(parseQris(second).amount).toBe(1_250_000);
  });

  it('refuses an amount that is not whole rupiah above zero, and a payload that is not a QRIS', () => {
    for (const amount of [0, -5_000, 150_000.5, Number.NaN, 10 ** 13]) {
      expect(codeOf(() => buildDynamicQris(staticIn51, amount))).toBe('VALIDATION');
    }
    expect(codeOf(() => buildDynamicQris(emvcoSpecExample, 100_000))).toBe('QRIS_NOT_QRIS');
  });
});

/** A 1600 × 1200 "photo" with no QR in it: a gradient with soft grain. */
async function plainPhoto(): Promise<Buffer> {
  const width = 1600;
  const height = 1200;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = ((i / 3) % width) / 12 + (seed % 60);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .blur(1.5)
    .jpeg({ quality: 80 })
    .toBuffer();
}

describe('QRIS images', () => {
  it('round trip: dynamic payload → PNG → jsqr → the same payload, CRC valid', async () => {
    const dynamic = buildDynamicQris(staticIn51, 320_000);
    const png = await qrisPng(dynamic);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    const read = await readQrFromImage(png);
    expect(read).toBe(dynamic);
    expect(hasValidCrc(read!)).toBe(true);
  });

  it('reads the static QRIS from the image a bank gave the studio, with merchant and city', async () => {
    const png = await QRCode.toBuffer(staticIn51, { type: 'png', width: 400 });
    expect(await readStaticQris(png)).toEqual({
      payload: staticIn51,
      merchantName: 'POTRET STUDIO',
      city: 'TANJUNGPINANG',
      nationalMerchantId: 'ID1024312345678',
    });
  });

  it('reads a QRIS photographed small inside a large JPEG, one on a transparent background, and a light-on-dark one', async () => {
    const qr = await QRCode.toBuffer(staticIn26, { type: 'png', width: 520, margin: 2 });
    const photo = await sharp(await plainPhoto())
      .resize(3200, 2400)
      .composite([{ input: qr, left: 1900, top: 700 }])
      .jpeg({ quality: 60 })
      .toBuffer();
    expect((await readStaticQris(photo)).merchantName).toBe('FOTO 5405 6304');

    const transparent = await QRCode.toBuffer(staticIn26, {
      type: 'png',
      width: 300,
      color: { light: '#0000' },
    });
    expect((await readStaticQris(transparent)).city).toBe('BINTAN');

    const darkMode = await QRCode.toBuffer(staticIn26, {
      type: 'png',
      width: 400,
      color: { dark: '#fff', light: '#000' },
    });
    expect((await readStaticQris(darkMode)).city).toBe('BINTAN');
  });

  it('refuses a plain photo, a QR that encodes a URL, a dynamic QRIS and a file that is not an image', async () => {
    expect(await codeOfAsync(async () => readStaticQris(await plainPhoto()))).toBe('QR_NOT_FOUND');
    const urlQr = await QRCode.toBuffer('https://potret.example/bayar', { type: 'png', width: 300 });
    expect(await codeOfAsync(() => readStaticQris(urlQr))).toBe('QRIS_NOT_QRIS');
    const dynamicQr = await qrisPng(buildDynamicQris(staticIn51, 50_000));
    expect(await codeOfAsync(() => readStaticQris(dynamicQr))).toBe('QRIS_NOT_STATIC');
    expect(await codeOfAsync(() => readStaticQris(new TextEncoder().encode('bukan gambar')))).toBe(
      'FILE_NOT_IMAGE',
    );
  });

  it('never draws a payload whose CRC does not match', async () => {
    expect(await codeOfAsync(() => qrisPng(staticIn51.replace('POTRET', 'P0TRET')))).toBe(
      'QRIS_CRC_MISMATCH',
    );
  });

  it('gives the owner an Indonesian message first and an English one', () => {
    expect(errorMessage('id', 'QRIS_NOT_QRIS')).toContain('bukan QRIS');
    expect(errorMessage('en', 'QRIS_NOT_QRIS')).toContain('not a QRIS');
    expect(errorMessage('id', 'QR_NOT_FOUND')).toContain('Tidak ada kode QR');
  });
});
