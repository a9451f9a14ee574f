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
  return { mime: type.mime as ImageMime, width, height };
}

export interface StoreImageInput {
  data: Uint8Array;
  purpose: FilePurpose;
  originalName?: string | undefined;
  /** Longest side in pixels; larger images are scaled down (product photos, broadcast images). */
  maxDimension?: number;
  /** checkImage's answer for these same bytes, when the caller ran it already (before taking a lock). */
  checked?: CheckedImage;
}

/** Checks and stores an image; returns the new file's id. */
export async function storeImage(
  db: DbOrTx,
  input: StoreImageInput,
): Promise<{ id: number; mime: ImageMime }> {
  const checked = input.checked ?? (await checkImage(input.data));
  let data = Buffer.from(input.data);
  let { mime, width, height } = checked;
  if (input.maxDimension && Math.max(width ?? 0, height ?? 0) > input.maxDimension) {
    const resized = await sharp(data)
      .rotate()
      .resize({ width: input.maxDimension, height: input.maxDimension, fit: 'inside' })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    data = resized.data;
    mime = 'image/jpeg';
    width = resized.info.width;
    height = resized.info.height;
  }
  const [row] = await db
    .insert(files)
    .values({
      sha256: createHash('sha256').update(data).digest('hex'),
      mime,
      size: data.byteLength,
      width: width ?? null,
      height: height ?? null,
      originalName: input.originalName ?? null,
      purpose: input.purpose,
      data,
    })
    .returning({ id: files.id });
  return { id: row!.id, mime };
}
