import type { DbOrTx } from '../../db/client.ts';
import type { Locale } from '../i18n/locale.ts';
import { listFaq } from './crud.ts';
import { studioTopicWords, topicWords, weakWords } from './normalize.ts';
import type { FaqEntry, FaqMatch } from './types.ts';

/**
 * Scores at or above this answer a customer's question directly. Measured on the demo FAQ: on-topic
 * questions in chat spelling ("dmn alamatnya kak", "gmn cr tf", "jm brp buka?") score 0.6–1; questions
 * the FAQ does not cover ("brp hrg foto wisuda", "harga bitcoin hari ini") score under 0.3, because
 * their telling words are found nowhere; matches without a telling word in a question or the keywords
 * are scaled to at most 0.35. bench/faq measures it on 95 questions: top-1 hit rate and questions the
 * FAQ does not cover that are rightly left to staff.
 */
export const FAQ_MATCH_THRESHOLD = 0.4;

export interface SearchFaqOptions {
  /** Matches below this are left out; pass a lower value to offer "did you mean" suggestions. */
  minScore?: number;
  limit?: number;
  /**
   * 'studio' (the default) reads words stemmed and through the studio's synonyms (studioTopicWords);
   * 'plain' compares them as written, the search before those existed, kept for bench/faq's baseline.
   */
  vocabulary?: 'studio' | 'plain';
}

/** Weight cap of a question word; a telling word found in one of eight entries weighs ~1.6. */
const WEAK_WORD_WEIGHT = 0.4;

/** How much a word found in each field counts: the question says what the entry is about, the answer less so. */
const fieldWeights = {
  question: 1,
  keywords: 0.9,
  answer: 0.6,
  otherQuestion: 0.8,
  otherAnswer: 0.45,
} as const;
type Field = keyof typeof fieldWeights;

interface Indexed {
  entry: FaqEntry;
  fields: Array<[Field, string[]]>;
}

/**
 * Free-text FAQ matching for chat. Each meaningful word of the question, stemmed and read in the studio's
 * words (studioTopicWords: "dijemput" → "ambil"), is looked up in every active entry (exact, by prefix, or
 * one typo away) and weighted by how rare it is across the FAQ, so "bagaimana" counts little and "transfer"
 * a lot; a word found in no entry counts against every entry, which keeps unrelated questions below the
 * threshold. The FAQ is tens of entries, so this runs in
 * memory rather than in SQL. Best first.
 */
export async function searchFaq(
  db: DbOrTx,
  query: string,
  locale: Locale,
  options: SearchFaqOptions = {},
): Promise<FaqMatch[]> {
  return matchFaq(await listFaq(db), query, locale, options);
}

/** searchFaq over entries already read (bench/faq ranks one list many times). */
export function matchFaq(
  entries: readonly FaqEntry[],
  query: string,
  locale: Locale,
  options: SearchFaqOptions = {},
): FaqMatch[] {
  const wordsOf = options.vocabulary === 'plain' ? topicWords : studioTopicWords;
  const words = [...new Set(wordsOf(query))];
  if (words.length === 0) return [];
  return rankFaq(
    entries.map((entry) => indexEntry(entry, locale, wordsOf)),
    words,
  )
    .filter((m) => m.score >= (options.minScore ?? FAQ_MATCH_THRESHOLD))
    .slice(0, options.limit ?? 5);
}

function indexEntry(entry: FaqEntry, locale: Locale, wordsOf: (text: string) => string[]): Indexed {
  const [own, other] =
    locale === 'en'
      ? [
          [entry.questionEn ?? '', entry.answerEn ?? ''],
          [entry.question, entry.answer],
        ]
      : [
          [entry.question, entry.answer],
          [entry.questionEn ?? '', entry.answerEn ?? ''],
        ];
  return {
    entry,
    fields: [
      ['question', wordsOf(own[0]!)],
      ['keywords', wordsOf(entry.keywords)],
      ['answer', wordsOf(own[1]!)],
      ['otherQuestion', wordsOf(other[0]!)],
      ['otherAnswer', wordsOf(other[1]!)],
    ],
  };
}

/** Fields that say what an entry is about; a word found only in answers is supporting evidence. */
const topicalFields = new Set<Field>(['question', 'keywords', 'otherQuestion']);

/**
 * Without a telling word found in a question or the keywords, a match rests on answers or on generic
 * words alone ("booking" in an English answer, a bare "foto"). Such a score is scaled below the
 * threshold (a perfect one becomes 0.35), so it can be offered as a suggestion but never answers.
 */
const UNANCHORED_FACTOR = 0.35;

function rankFaq(entries: Indexed[], words: string[]): FaqMatch[] {
  // found[e][w]: how well word w is found in entry e, 0..1, counting the field's weight; anchored[e]: a
  // telling word of the question is in one of e's topical fields. Both from one pass over the fields.
  const anchored: boolean[] = [];
  const found = entries.map((indexed, e) => {
    anchored[e] = false;
    return words.map((word) => {
      let best = 0;
      for (const [field, fieldWords] of indexed.fields) {
        const quality = wordMatch(word, fieldWords);
        if (quality === 0) continue;
        best = Math.max(best, quality * fieldWeights[field]);
        if (topicalFields.has(field) && !weakWords.has(word)) anchored[e] = true;
      }
      return best;
    });
  });
  const rarity = words.map((word, w) => {
    const inEntries = found.filter((row) => (row[w] ?? 0) > 0).length;
    // A word found nowhere ("luas", "sisa", "persen") counts against every entry as much as the rarest word
    // found somewhere, no more: weighed heavier, one stray word sank a question that named its topic
    // ("parkirnya luas ga?"); unrelated questions still fail for lack of a telling word (bench/faq).
    const weight = Math.log(1 + entries.length / (Math.max(inEntries, 1) + 1));
    return weakWords.has(word) ? Math.min(weight, WEAK_WORD_WEIGHT) : weight;
  });
  const total = rarity.reduce((a, b) => a + b, 0);
  return entries
    .map((indexed, e) => {
      const raw = found[e]!.reduce((sum, quality, w) => sum + quality * rarity[w]!, 0) / total;
      return { entry: indexed.entry, score: round(anchored[e] ? raw : raw * UNANCHORED_FACTOR) };
    })
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.entry.sortOrder - b.entry.sortOrder);
}

/**
 * 1 for the same word; 0.75 when one starts the other ("poin", "point") or holds it from 5 letters up
 * ("bayar" in "pembayaran", but not "mana" in "bagaimana"); 0.7 one typo away ("alamt").
 */
function wordMatch(word: string, candidates: string[]): number {
  let best = 0;
  for (const candidate of candidates) {
    if (candidate === word) return 1;
    const [short, long] = word.length <= candidate.length ? [word, candidate] : [candidate, word];
    if ((short.length >= 4 && long.startsWith(short)) || (short.length >= 5 && long.includes(short))) {
      best = Math.max(best, 0.75);
    } else if (short.length >= 5 && withinOneEdit(word, candidate)) best = Math.max(best, 0.7);
  }
  return best;
}

/** Levenshtein distance ≤ 1 (one letter added, dropped or changed), in one pass. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
