import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Who types a code that proves a chat's claim on a customer's phone:
 * - chat: the code goes to the customer's registered chat and is typed in the chat asking to be linked;
 * - staff: the code is shown in the asking chat, the customer tells it to the studio, and staff type it
 *   on the customer's page once they know who they are talking to (there was no chat to send a code to).
 * Each kind only ever matches its own checker: otherwise a chat could type the code it was shown.
 */
export type CodeCheckedBy = 'chat' | 'staff';

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** People type codes with spaces or dashes ("482 913"). */
export const cleanCode = (typed: string) => typed.replace(/[\s.-]/g, '');

/**
 * Salted SHA-256, with the checker mixed in. A 6-digit code could be brute-forced from a leaked hash,
 * but it expires (10 minutes in a chat, 24 hours at the studio) and allows few tries, so the hash only
 * keeps codes out of backups and the admin's eyes.
 */
export function hashCode(code: string, checkedBy: CodeCheckedBy): string {
  const salt = randomBytes(16).toString('hex');
  return `${salt}:${digest(salt, code, checkedBy)}`;
}

export function codeMatches(stored: string, code: string, checkedBy: CodeCheckedBy): boolean {
  const [salt, hash] = stored.split(':');
  if (!salt || !hash || !/^\d{6}$/.test(code)) return false;
  return timingSafeEqual(Buffer.from(digest(salt, code, checkedBy), 'hex'), Buffer.from(hash, 'hex'));
}

// Chat codes keep the form they had before staff codes existed, so a code sent just before an upgrade works.
const digest = (salt: string, code: string, checkedBy: CodeCheckedBy) =>
  createHash('sha256')
    .update(checkedBy === 'chat' ? `${salt}:${code}` : `${salt}:staff:${code}`)
    .digest('hex');
