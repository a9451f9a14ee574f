import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { DbOrTx } from '../../db/client.ts';
import { files } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

/** 10 MB: Telegram's photo upload ceiling, and the studio's limit for proofs and photos. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const imageMimeTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageMime = (typeof imageMimeTypes)[number];

export type FilePurpose = (typeof files.$inferInsert)['purpose'];

export interface CheckedImage {
  mime: ImageMime;
  width: number | undefined;
  height: number | undefined;
}

/**
 * 8192 × 8192 pixels (67 megapixels): above any phone camera's default photo, and a bound on what one
 * upload may cost to decode (about 200 MB of RGB), since a 10 MB file can declare a far larger canvas.
 */
export const MAX_IMAGE_PIXELS = 8192 * 8192;

/** Accepts JPEG, PNG and WebP by their magic bytes (file-type), never by name or declared type. */
export async function checkImage(data: Uint8Array): Promise<CheckedImage> {
  if (data.byteLength > MAX_IMAGE_BYTES) {
    throw new AppError('FILE_TOO_LARGE', `image is ${data.byteLength} bytes`, {
      details: { size: data.byteLength, max: MAX_IMAGE_BYTES },
    });
  }
  const type = await fileTypeFromBuffer(data);
  if (!type || !(imageMimeTypes as readonly string[]).includes(type.mime)) {
    throw new AppError('FILE_NOT_IMAGE', `detected ${type?.mime ?? 'unknown'}`);
  }
  let width: number | undefined;
  let height: number | undefined;
  try {
    const meta = await sharp(data).metadata();
    width = meta.width;
    height = meta.height;
  } catch (cause) {
    throw new AppError('FILE_NOT_IMAGE', 'image could not be decoded', { cause });
  }
  if ((width ?? 0) * (height ?? 0) > MAX_IMAGE_PIXELS) {
    throw new AppError('FILE_TOO_LARGE', `image is ${width}x${height} pixels`, {
      details: { width, height, maxPixels: MAX_IMAGE_PIXELS },
    });
  }
  return { mime: type.mime as ImageMime, width, height };
}

/** An upload decoded and written again: only its pixels, nothing the sender's file carried besides. */
export interface CleanImage {
  data: Buffer;
  mime: ImageMime;
  width: number;
  height: number;
}

/**
 * Checks an image and encodes it anew with sharp, so what is kept is the picture alone: bytes appended
 * after the image's end, EXIF (GPS position, camera, time), XMP and comments are gone. The EXIF
 * orientation is applied to the pixels first, so the photo still stands the right way up. With
 * `maxDimension` the longest side is scaled down to it and the result is a JPEG; otherwise the format
 * stays (a PNG screenshot stays a lossless PNG, its text sharp for staff reading a transfer receipt).
 */
export async function cleanImage(
  data: Uint8Array,
  options: { maxDimension?: number | undefined } = {},
): Promise<CleanImage> {
  const checked = await checkImage(data);
  const largest = Math.max(checked.width ?? 0, checked.height ?? 0);
  const resize = options.maxDimension !== undefined && largest > options.maxDimension;
  try {
    let image = sharp(data, { limitInputPixels: MAX_IMAGE_PIXELS }).autoOrient();
    if (resize) {
      image = image.resize({ width: options.maxDimension, height: options.maxDimension, fit: 'inside' });
    }
    const mime: ImageMime = resize ? 'image/jpeg' : checked.mime;
    // Quality 90: a transfer receipt's small digits stay legible; 85 for photos scaled for the chat.
    if (mime === 'image/jpeg') image = image.jpeg({ quality: resize ? 85 : 90 });
    else if (mime === 'image/png') image = image.png();
    else image = image.webp({ quality: 90 });
    const { data: out, info } = await image.toBuffer({ resolveWithObject: true });
    return { data: out, mime, width: info.width, height: info.height };
  } catch (cause) {
    throw new AppError('FILE_NOT_IMAGE', 'image could not be re-encoded', { cause });
  }
}

export interface StoreImageInput {
  data: Uint8Array;
  purpose: FilePurpose;
  originalName?: string | undefined;
  /** Longest side in pixels; larger images are scaled down (product photos, broadcast images). */
  maxDimension?: number;
  /** cleanImage's answer for these same bytes, when the caller ran it already (before taking a lock). */
  cleaned?: CleanImage;
}

/**
 * Checks, re-encodes (cleanImage) and stores an image; returns the new file's id. Every image a
 * customer or staff member sends is kept only this way, never as the bytes that came.
 */
export async function storeImage(
  db: DbOrTx,
  input: StoreImageInput,
): Promise<{ id: number; mime: ImageMime }> {
  const { data, mime, width, height } =
    input.cleaned ?? (await cleanImage(input.data, { maxDimension: input.maxDimension }));
  const [row] = await db
    .insert(files)
    .values({
      sha256: createHash('sha256').update(data).digest('hex'),
      mime,
      size: data.byteLength,
      width,
      height,
      originalName: input.originalName ?? null,
      purpose: input.purpose,
      data,
    })
    .returning({ id: files.id });
  return { id: row!.id, mime };
}
