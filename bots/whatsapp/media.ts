import { eq } from 'drizzle-orm';
import wwebjs, { type MessageMedia as MessageMediaType } from 'whatsapp-web.js';
import type { DbOrTx } from '../../db/client.ts';
import { files } from '../../db/schema/index.ts';
import { AppError, isAppError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { WhatsAppConnection } from './client.ts';
import type { WhatsAppSend } from './render.ts';

const { MessageMedia } = wwebjs;

const extensions: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * One of our stored images (files table) as the library's MessageMedia. WhatsApp has no reusable
 * upload reference like Telegram's file_id, so the bytes go along with every send (≤ 10 MB, and
 * product photos are scaled down when stored).
 */
async function loadMessageMedia(db: DbOrTx, fileId: number): Promise<MessageMediaType> {
  const [row] = await db
    .select({ mime: files.mime, data: files.data, originalName: files.originalName })
    .from(files)
    .where(eq(files.id, fileId))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', `file ${fileId}`);
  const name = row.originalName ?? `potret-${fileId}.${extensions[row.mime] ?? 'jpg'}`;
  return new MessageMedia(row.mime, Buffer.from(row.data).toString('base64'), name, row.data.byteLength);
}

/** Rendered messages to one chat, in order: the conversation's replies and the outbox's messages alike. */
export async function sendRendered(
  deps: { db: DbOrTx; connection: Pick<WhatsAppConnection, 'sendMessage'>; log: Logger },
  chatId: string,
  sends: readonly WhatsAppSend[],
): Promise<void> {
  for (const send of sends) {
    if (send.kind === 'text') {
      await deps.connection.sendMessage(chatId, send.text);
      continue;
    }
    const media = await loadMessageMedia(deps.db, send.fileId).catch((error: unknown) => {
      // A photo deleted by staff meanwhile: the caption (price, list) still answers the customer.
      if (!isAppError(error, 'NOT_FOUND')) throw error;
      deps.log.warn({ err: error, fileId: send.fileId }, 'photo missing; sending its caption alone');
      return undefined;
    });
    if (media) await deps.connection.sendMessage(chatId, media, { caption: send.caption });
    else if (send.caption) await deps.connection.sendMessage(chatId, send.caption);
  }
}
