import { eq } from 'drizzle-orm';
import wwebjs, { type MessageMedia as MessageMediaType } from 'whatsapp-web.js';
import type { DbOrTx } from '../../db/client.ts';
import { files } from '../../db/schema/index.ts';
import { AppError } from '../../src/errors.ts';

const { MessageMedia } = wwebjs;

const extensions: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * One of our stored images (files table) as the library's MessageMedia. WhatsApp has no reusable
 * upload reference like Telegram's file_id, so the bytes go along with every send (≤ 10 MB, and
 * product photos are scaled down when stored).
 */
export async function loadMessageMedia(db: DbOrTx, fileId: number): Promise<MessageMediaType> {
  const [row] = await db
    .select({ mime: files.mime, data: files.data, originalName: files.originalName })
    .from(files)
    .where(eq(files.id, fileId))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', `file ${fileId}`);
  const name = row.originalName ?? `potret-${fileId}.${extensions[row.mime] ?? 'jpg'}`;
  return new MessageMedia(row.mime, Buffer.from(row.data).toString('base64'), name, row.data.byteLength);
}
