import { COMPLAINT_REPLY_BUTTON_PREFIX, complaintReplyButtonId } from '../../../src/messaging/chat-actions.ts';
import {
  backRow,
  type Ctx,
  cancelRow,
  choice,
  customerIdOf,
  enter,
  idAfter,
  num,
  say,
  shortDate,
  str,
  toMenu,
  tr,
} from '../context.ts';
import {
  addCustomerMessage,
  listCustomerComplaints,
  listCustomerReservations,
  openComplaint,
  storeImage,
} from '../domain.ts';
import type { GlobalChoice, PhotoInput, Replies, Step, StepTable } from '../step.ts';

function draft(ctx: Ctx) {
  const data = ctx.session.data;
  return {
    reservationId: num(data, 'reservationId'),
    subject: str(data, 'subject'),
    body: str(data, 'body'),
  };
}

/** "kel:t:<complaintId>": answer one of the customer's open threads (also from a staff-reply message). */
async function replyTo(ctx: Ctx, id: string): Replies {
  const threadId = idAfter(id, COMPLAINT_REPLY_BUTTON_PREFIX);
  const thread = (await listCustomerComplaints(ctx.db, customerIdOf(ctx))).find(
    (c) => c.id === threadId && c.status !== 'closed',
  );
  if (!thread) return [say(tr(ctx, 'errors.COMPLAINT_NOT_FOUND')), ...(await ctx.prompt())];
  return enter(ctx, 'kel.reply', { complaintId: thread.id, code: thread.code });
}

/** A complaint photo, kept at most 2000 px on its long side. */
const storeComplaintPhoto = (ctx: Ctx, photo: PhotoInput, bytes: Uint8Array<ArrayBuffer>) =>
  storeImage(ctx.db, {
    data: bytes,
    purpose: 'complaint',
    originalName: photo.fileName?.slice(0, 255),
    maxDimension: 2000,
  });

/** The customer's message (text, or a photo with a short body) added to one of their open complaints. */
export async function addToComplaint(ctx: Ctx, complaintId: number, body: string, fileId?: number): Replies {
  const update = await addCustomerMessage(ctx.db, {
    complaintId,
    customerId: customerIdOf(ctx),
    body,
    ...(fileId === undefined ? {} : { fileId }),
    now: ctx.now,
  });
  return [say(tr(ctx, 'chat.complaint.added', { code: update.complaint.code })), ...(await toMenu(ctx))];
}

/** The complaint the kel.reply step answers. */
const replyingTo = (ctx: Ctx) => num(ctx.session.data, 'complaintId') ?? 0;

async function open(ctx: Ctx, fileId: number | undefined): Replies {
  const d = draft(ctx);
  const complaint = await openComplaint(ctx.db, {
    customerId: customerIdOf(ctx),
    reservationId: d.reservationId ?? null,
    ...(d.subject ? { subject: d.subject } : {}),
    body: d.body ?? '',
    fileId: fileId ?? null,
    now: ctx.now,
  });
  return [say(tr(ctx, 'chat.complaint.opened', { code: complaint.code })), ...(await toMenu(ctx))];
}

/** A message with no letter or digit in it ("...", "😡") tells staff nothing: it is asked for again. */
const saysSomething = (text: string) => /[\p{L}\p{N}]/u.test(text);

/**
 * The complaint in one message; its title for the staff list is taken from it (complaintTitle). A subject in
 * the draft comes from a session saved under the older two-question flow.
 */
const complaintMessageStep: Step = {
  choices: ['kel:back'],
  prompt: async (ctx) => [say(tr(ctx, 'chat.complaint.askBody'), [backRow(ctx, 'kel:back')])],
  text: async (ctx, text) => {
    if (!saysSomething(text)) return [say(tr(ctx, 'chat.complaint.empty')), ...(await ctx.prompt())];
    return enter(ctx, 'kel.photo', { ...draft(ctx), body: text.trim().slice(0, 4000) });
  },
  choice: (ctx) => enter(ctx, 'kel.pick'),
};

export const complaintSteps: StepTable = {
  'kel.pick': {
    choices: ['kel:r:', 'kel:umum', COMPLAINT_REPLY_BUTTON_PREFIX],
    prompt: async (ctx) => {
      const customerId = customerIdOf(ctx);
      const [complaints, reservations] = await Promise.all([
        listCustomerComplaints(ctx.db, customerId),
        listCustomerReservations(ctx.db, customerId),
      ]);
      const threads = complaints.filter((c) => c.status !== 'closed');
      const bookings = [...reservations].sort((a, b) => b.startAt.getTime() - a.startAt.getTime()).slice(0, 5);
      const rows = [
        ...threads.slice(0, 3).map((c) => [choice(complaintReplyButtonId(c.id), tr(ctx, 'chat.menu.replyComplaint', { code: c.code }))]),
        ...bookings.map((r) => [choice(`kel:r:${r.id}`, `${r.code} · ${shortDate(ctx, r.startAt)}`)]),
        [choice('kel:umum', tr(ctx, 'chat.complaint.general'))],
        cancelRow(ctx),
      ];
      return [say(tr(ctx, 'chat.complaint.pick'), rows)];
    },
    choice: async (ctx, id) => {
      if (id.startsWith(COMPLAINT_REPLY_BUTTON_PREFIX)) return replyTo(ctx, id);
      const reservationId = idAfter(id, 'kel:r:');
      return enter(ctx, 'kel.body', reservationId === undefined ? {} : { reservationId });
    },
  },
  'kel.body': complaintMessageStep,
  // Sessions saved while the chat still asked for a title first: what they type is the whole complaint.
  'kel.subject': complaintMessageStep,
  'kel.photo': {
    choices: ['kel:nophoto', 'kel:back'],
    prompt: async (ctx) => [
      say(tr(ctx, 'chat.complaint.askPhoto'), [
        [choice('kel:nophoto', tr(ctx, 'chat.complaint.noPhoto'))],
        backRow(ctx, 'kel:back'),
      ]),
    ],
    choice: (ctx, id) => {
      if (id === 'kel:back') return enter(ctx, 'kel.body', { reservationId: draft(ctx).reservationId });
      return open(ctx, undefined);
    },
    // Chat customers split a story over several bubbles: a later one joins the message, as its own line.
    text: async (ctx, text) => {
      const d = draft(ctx);
      const body = `${d.body ?? ''}\n${text.trim()}`.trim().slice(0, 4000);
      ctx.go('kel.photo', { ...d, body });
      return [say(tr(ctx, 'chat.complaint.moreAdded')), ...(await ctx.prompt())];
    },
    photo: async (ctx, photo, bytes) => open(ctx, (await storeComplaintPhoto(ctx, photo, bytes)).id),
  },
  'kel.reply': {
    choices: ['kel:back'],
    prompt: async (ctx) => [
      say(tr(ctx, 'chat.complaint.askReply', { code: str(ctx.session.data, 'code') ?? '' }), [backRow(ctx, 'kel:back')]),
    ],
    choice: (ctx) => enter(ctx, 'kel.pick'),
    text: (ctx, text) => addToComplaint(ctx, replyingTo(ctx), text.trim().slice(0, 4000)),
    photo: async (ctx, photo, bytes) => {
      const file = await storeComplaintPhoto(ctx, photo, bytes);
      return addToComplaint(ctx, replyingTo(ctx), tr(ctx, 'chat.complaint.photoBody'), file.id);
    },
  },
};

export const complaintGlobals: GlobalChoice[] = [{ prefix: COMPLAINT_REPLY_BUTTON_PREFIX, run: replyTo }];
