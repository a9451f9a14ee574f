import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { lifecycleDates } from './util.ts';

export const faqEntries = pgTable('faq_entries', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
  questionEn: text('question_en'),
  answerEn: text('answer_en'),
  /** Extra words customers use for this question, space separated, to help free-text matching. */
  keywords: text('keywords').notNull().default(''),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  ...lifecycleDates,
});
