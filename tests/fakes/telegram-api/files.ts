import { randomBytes } from 'node:crypto';
import { ApiFailure, type StoredFile } from './types.ts';

/** Files the bot can send by file_id and download via getFile + /file/bot<token>/<path>. */
export function createFileStore(stats: { uploads: number }) {
  const files = new Map<string, StoredFile>();
  const byPath = new Map<string, StoredFile>();
  let nextFileNo = 1;

  const add = (fileId: string, bytes: Uint8Array, filePath: string): StoredFile => {
    const file = { fileId, fileUniqueId: `u-${fileId}`.slice(0, 32), filePath, bytes };
    files.set(fileId, file);
    byPath.set(filePath, file);
    return file;
  };

  /** Small sizes ("<id>_s", shown in photo results) resolve to the big one's bytes. */
  const lookup = (id: string): StoredFile | undefined =>
    files.get(id) ?? (id.endsWith('_s') ? files.get(id.slice(0, -2)) : undefined);

  /** sendPhoto's `photo`: an upload or a URL becomes a new file_id; a known file_id is reused. */
  const forPhoto = (photo: unknown): { file: StoredFile; uploaded: boolean } => {
    if (photo instanceof Uint8Array) {
      const no = nextFileNo++;
      stats.uploads += 1;
      const file = add(`AgACAgUpload${no}_${randomBytes(6).toString('hex')}`, photo, `photos/file_${no}.jpg`);
      return { file, uploaded: true };
    }
    if (typeof photo === 'string' && /^https?:\/\//.test(photo)) {
      const no = nextFileNo++;
      const file = add(`AgACAgUrl${no}_${randomBytes(6).toString('hex')}`, new Uint8Array(0), `photos/url_${no}.jpg`);
      return { file, uploaded: false };
    }
    if (typeof photo === 'string') {
      const file = lookup(photo);
      if (!file) throw new ApiFailure(400, 'Bad Request: wrong file identifier/HTTP URL specified');
      return { file, uploaded: false };
    }
    throw new ApiFailure(400, 'Bad Request: there is no photo in the request');
  };

  return { files, add, lookup, forPhoto, byPath: (path: string) => byPath.get(path) };
}

export type FileStore = ReturnType<typeof createFileStore>;
