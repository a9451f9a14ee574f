import { AppError } from '../../../src/errors.ts';
import type { FaqEntry } from '../../../src/faq/index.ts';
import { type Ctx, choice, customerIdOf, idAfter, menuRow, pick, say, str, toMenu, tr } from '../context.ts';
import { getFaq, listFaq, openComplaint, searchFaq } from '../domain.ts';
import type { Replies, StepTable } from '../step.ts';
import { paymentTalk } from './payment-talk.ts';

/** An FAQ entry as the chat shows it: its question, then its answer, in the chat's language. */
export function faqAnswer(ctx: Ctx, entry: FaqEntry): string {
  const locale = ctx.session.locale;
  return `💡 ${pick(locale, entry.question, entry.questionEn)}\n\n${pick(locale, entry.answer, entry.answerEn)}`;
}

/** A question the FAQ could not answer goes to staff as a ticket; the answer arrives in this chat. */
export async function forwardQuestion(ctx: Ctx, question: string): Replies {
  const complaint = await openComplaint(ctx.db, {
    customerId: customerIdOf(ctx),
    // Titled from the question itself; the admin says "question from chat" in each staff member's language.
    kind: 'question',
    body: question,
    now: ctx.now,
  });
  return [say(tr(ctx, 'chat.faq.forwarded', { code: complaint.code })), ...(await toMenu(ctx))];
}

export const faqSteps: StepTable = {
  'faq.list': {
    choices: ['faq:'],
    prompt: async (ctx) => {
      const entries = await listFaq(ctx.db);
      const locale = ctx.session.locale;
      const rows = entries.slice(0, 12).map((e) => [choice(`faq:${e.id}`, pick(locale, e.question, e.questionEn))]);
      return [say(tr(ctx, 'chat.faq.pick'), [...rows, menuRow(ctx)])];
    },
    text: async (ctx, text) => {
      const paid = await paymentTalk(ctx, text);
      if (paid) return paid;
      const question = text.slice(0, 2000);
      const [best] = await searchFaq(ctx.db, question, ctx.session.locale, { limit: 1 });
      ctx.go('faq.list', { pendingText: question });
      const forward = [choice('faq:fwd', tr(ctx, 'chat.faq.forward'))];
      if (!best) {
        return [say(tr(ctx, 'chat.faq.noMatch'), [forward, [choice('m:faq', tr(ctx, 'chat.faq.others')), ...menuRow(ctx)]])];
      }
      return [say(faqAnswer(ctx, best.entry)), say(tr(ctx, 'chat.menu.helped'), [forward, [choice('m:faq', tr(ctx, 'chat.faq.others')), ...menuRow(ctx)]])];
    },
    choice: async (ctx, id) => {
      if (id === 'faq:fwd') {
        const pending = str(ctx.session.data, 'pendingText');
        if (!pending) return [say(tr(ctx, 'chat.faq.typeFirst'))];
        return forwardQuestion(ctx, pending);
      }
      const entry = await getFaq(ctx.db, idAfter(id, 'faq:') ?? 0);
      // getFaq serves the admin too, which edits switched-off entries; customers never see them.
      if (!entry.active) throw new AppError('FAQ_NOT_FOUND');
      return [
        say(faqAnswer(ctx, entry), [
          [choice('m:faq', tr(ctx, 'chat.faq.others')), ...menuRow(ctx)],
        ]),
      ];
    },
  },
};
