import type { faqEntries } from '../../db/schema/index.ts';

export type FaqEntry = typeof faqEntries.$inferSelect;

export interface FaqMatch {
  entry: FaqEntry;
  /** 0..1: the share of the question's meaningful words found in the entry, weighted by how telling each is. */
  score: number;
}
