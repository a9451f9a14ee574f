import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { chatSessions } from '../../db/schema/index.ts';
import { isLocale, type Locale } from '../../src/i18n/index.ts';

/** Language tags of an Accept-Language header, most preferred first ("en-US,id;q=0.8" → en-us, id). */
function preferredLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map((entry) => entry.tag);
}

const english = (tag: string) => tag === 'en' || tag.startsWith('en-');
// "in" is the old ISO code for Indonesian that some Android browsers still send.
const indonesian = (tag: string) => /^(id|in)(-|$)/.test(tag);

/**
 * A new visitor's language. The studio's customers are Indonesian, and many phones are set to English
 * while their owners read Indonesian first: English only when the browser prefers it first and lists no
 * Indonesian at all.
 */
export function localeFromAcceptLanguage(header: string | undefined, fallback: Locale): Locale {
  const tags = preferredLanguages(header);
  const first = tags[0];
  if (first && english(first) && !tags.some(indonesian)) return 'en';
  if (tags.some(indonesian)) return 'id';
  return fallback;
}

/** The language this web chat already speaks (its session, switched with "🌐 English"), if it has one. */
export async function sessionLocale(db: DbOrTx, thread: string): Promise<Locale | undefined> {
  const [row] = await db
    .select({ locale: chatSessions.locale })
    .from(chatSessions)
    .where(eq(chatSessions.thread, thread))
    .limit(1);
  return isLocale(row?.locale) ? row.locale : undefined;
}
