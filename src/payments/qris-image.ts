import jsqr from 'jsqr';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { AppError } from '../errors.ts';
import { checkImage } from '../files/store.ts';
import { hasValidCrc, parseQris } from './qris.ts';

// jsqr is CommonJS typed as an ES module: its module.exports is the function, and `.default` points to
// itself, so `.default` is what both Node and TypeScript agree on.
const jsQR = jsqr.default;

interface Attempt {
  /** The longer side in px; a smaller image keeps its size. */
  longSide: number;
  /** Grey level (0–255) above which a pixel turns white, below which black. */
  threshold?: number;
  /** Swap light and dark, for light modules on a dark background (a "dark mode" QR). */
  negate?: boolean;
}

/**
 * Ways to look at one image, cheapest first. A QRIS poster or screenshot reads at 800 px in tens of
 * milliseconds (even a 100 px one reads as it is); a QR that fills a small part of a phone photo needs
 * more pixels, where a busy photo costs jsQR about a second a pass; a hard black-and-white threshold
 * rescues a grey, low-contrast scan.
 */
const attempts: readonly Attempt[] = [
  { longSide: 800 },
  { longSide: 1200 },
  { longSide: 1600, threshold: 128 },
  { longSide: 800, negate: true },
];

/**
 * The text of the first QR code found in a JPEG, PNG or WebP, or undefined when none can be read.
 * Transparent pixels are laid on white first: a QR drawn on a transparent PNG would otherwise read as
 * black on black.
 */
export async function readQrFromImage(bytes: Uint8Array): Promise<string | undefined> {
  await checkImage(bytes);
  for (const attempt of attempts) {
    const { data, info } = await decodeAt(bytes, attempt).catch((cause: unknown) => {
      throw new AppError('FILE_NOT_IMAGE', 'image could not be decoded', { cause });
    });
    const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
    // Inversion is sharp's negate(), not jsQR's: jsqr 1.4.0 throws on 'onlyInvert' (cozmo/jsQR#181),
    // and 'attemptBoth' would double every pass.
    const code = jsQR(pixels, info.width, info.height, { inversionAttempts: 'dontInvert' });
    if (code?.data) return code.data;
  }
  return undefined;
}

function decodeAt(bytes: Uint8Array, attempt: Attempt) {
  let image = sharp(bytes).autoOrient().flatten({ background: '#ffffff' }).resize({
    width: attempt.longSide,
    height: attempt.longSide,
    fit: 'inside',
    withoutEnlargement: true,
  });
  if (attempt.threshold !== undefined) image = image.threshold(attempt.threshold);
  if (attempt.negate) image = image.negate({ alpha: false });
  return image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
}

export interface StaticQris {
  payload: string;
  merchantName: string;
  city: string;
  nationalMerchantId: string | undefined;
}

/**
 * The studio's static QRIS read from the image its bank or e-wallet gave it: one QR, an EMVCo payload
 * with a valid CRC, a QRIS, and static (a dynamic QRIS is good for one payment only). Throws
 * QR_NOT_FOUND, QRIS_NOT_QRIS, QRIS_INVALID, QRIS_CRC_MISMATCH or QRIS_NOT_STATIC for each face to
 * translate, and FILE_NOT_IMAGE / FILE_TOO_LARGE from the image check.
 */
export async function readStaticQris(bytes: Uint8Array): Promise<StaticQris> {
  const text = await readQrFromImage(bytes);
  if (text === undefined) throw new AppError('QR_NOT_FOUND', 'no QR code could be read from the image');
  const info = parseQris(text);
  if (info.pointOfInitiation === 'dynamic') {
    throw new AppError('QRIS_NOT_STATIC', 'the QRIS is dynamic (point of initiation 12)');
  }
  return {
    payload: info.payload,
    merchantName: info.merchantName,
    city: info.city,
    nationalMerchantId: info.nationalMerchantId,
  };
}

/**
 * A PNG of the payload for a chat to send: 600 px square by default, error correction M (15 % of the
 * code may be damaged) and the standard four-module quiet zone. Refuses a payload whose CRC does not
 * match, so a broken QR never reaches a customer.
 */
export async function qrisPng(payload: string, options: { width?: number } = {}): Promise<Buffer> {
  if (!hasValidCrc(payload)) {
    throw new AppError('QRIS_CRC_MISMATCH', 'refusing to draw a QRIS whose CRC does not match');
  }
  return QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    width: options.width ?? 600,
  });
}
