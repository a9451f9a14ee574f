import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id in @node-rs/argon2's const enum, which verbatimModuleSyntax cannot import. */
const ARGON2ID = 2;

/** argon2id with the library's defaults (19 MiB memory, 2 passes): OWASP's minimum recommendation. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
