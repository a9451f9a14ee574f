import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { broadcastRecipients, broadcasts, files, staffUsers } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { segmentSchema } from './segments.ts';
import type { Broadcast, BroadcastStatus } from './types.ts';

const id = z.number().int().positive();

/**
 * Text limits: Telegram caps a message at 4096 characters and a photo caption at 1024, so a campaign
 * with an image must fit in a caption (WhatsApp allows more; the stricter channel decides). 96 characters
 * stay free for the opt-out footer the sender appends ("Ketik STOP untuk berhenti menerima promo.").
 */
const FOOTER_ROOM = 96;
export const BROADCAST_TEXT_MAX = 4096 - FOOTER_ROOM;
export const BROADCAST_CAPTION_MAX = 1024 - FOOTER_ROOM;

const contentShape = {
  title: z.string().trim().min(1, 'must not be empty').max(120),
  text: z.string().trim().min(1, 'must not be empty').max(BROADCAST_TEXT_MAX),
  imageFileId: id.nullish(),
  segment: segmentSchema.default({}),
  scheduledAt: z.date().nullish(),
};

const CAPTION_TOO_LONG = `with an image, at most ${BROADCAST_CAPTION_MAX} characters`;

function captionFits(data: { text: string; imageFileId?: number | null | undefined }): boolean {
  return !data.imageFileId || data.text.length <= BROADCAST_CAPTION_MAX;
}

const createSchema = z
  .object({ ...contentShape, staffId: id })
  .refine(captionFits, { path: ['text'], message: CAPTION_TOO_LONG });
export type CreateBroadcastInput = z.input<typeof createSchema>;

/** A campaign starts as a draft, or scheduled when it has a time; sending starts with markBroadcastRunning. */
export async function createBroadcast(db: DbOrTx, input: CreateBroadcastInput): Promise<Broadcast> {
  const data = parseInput(createSchema, input);
  if (data.imageFileId) await assertImage(db, data.imageFileId);
  const [staff] = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(eq(staffUsers.id, data.staffId));
  if (!staff)
    throw new AppError('NOT_FOUND', 'staff not found', {
      fields: [{ field: 'staffId', message: 'not found' }],
    });
  const [row] = await db
    .insert(broadcasts)
    .values({
      title: data.title,
      text: data.text,
      imageFileId: data.imageFileId ?? null,
      segment: data.segment,
      scheduledAt: data.scheduledAt ?? null,
      status: data.scheduledAt ? 'scheduled' : 'draft',
      createdById: data.staffId,
    })
    .returning();
  return row!;
}

const updateSchema = z.object(contentShape).partial();
export type UpdateBroadcastInput = z.input<typeof updateSchema>;

/**
 * Edits a campaign that has not started. Setting scheduledAt schedules it; clearing it makes it a draft.
 * The caption limit is checked on the campaign as edited: an image added to a long text counts too.
 */
export async function updateBroadcast(
  db: DbOrTx,
  broadcastId: number,
  patch: UpdateBroadcastInput,
): Promise<Broadcast> {
  const data = parseInput(updateSchema, patch);
  return db.transaction(async (tx) => {
    const current = await lockBroadcast(tx, broadcastId);
    if (current.status !== 'draft' && current.status !== 'scheduled')
      throw new AppError('BROADCAST_NOT_EDITABLE');
    const next = { ...current, ...Object.fromEntries(Object.entries(data).filter(([key]) => key in patch)) };
    if (!captionFits(next)) {
      throw new AppError('VALIDATION', 'text too long for a caption', {
        fields: [{ field: 'text', message: CAPTION_TOO_LONG }],
      });
    }
    if (data.imageFileId) await assertImage(tx, data.imageFileId);
    const [row] = await tx
      .update(broadcasts)
      .set({
        title: next.title,
        text: next.text,
        imageFileId: next.imageFileId ?? null,
        segment: next.segment,
        scheduledAt: next.scheduledAt ?? null,
        status: next.scheduledAt ? 'scheduled' : 'draft',
      })
      .where(eq(broadcasts.id, broadcastId))
      .returning();
    return row!;
  });
}

/**
 * Stops a campaign that has not finished. Recipients still pending become 'skipped' (error 'cancelled'),
 * so the counts add up and senders that check the recipient before sending send nothing more.
 * Cancelling a cancelled campaign returns it unchanged.
 */
export async function cancelBroadcast(
  db: DbOrTx,
  broadcastId: number,
  now: Date = new Date(),
): Promise<Broadcast> {
  return db.transaction(async (tx) => {
    const current = await lockBroadcast(tx, broadcastId);
    if (current.status === 'cancelled') return current;
    if (current.status === 'completed') throw new AppError('BROADCAST_NOT_EDITABLE');
    const [row] = await tx
      .update(broadcasts)
      .set({ status: 'cancelled', cancelledAt: now })
      .where(eq(broadcasts.id, broadcastId))
      .returning();
    await tx
      .update(broadcastRecipients)
      .set({ status: 'skipped', error: 'cancelled' })
      .where(
        and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.status, 'pending')),
      );
    return row!;
  });
}

/**
 * Staff pressed "Kirim sekarang": a draft becomes 'queued' in the same request, before its fan-out job
 * is handed to the queue, so the page shows at once that it is on its way (a worker may take seconds to
 * pick the job up). A scheduled, queued or running campaign is returned unchanged; cancelled or
 * completed: BROADCAST_NOT_EDITABLE.
 */
export async function markBroadcastQueued(db: DbOrTx, broadcastId: number): Promise<Broadcast> {
  const [queued] = await db
    .update(broadcasts)
    .set({ status: 'queued' })
    .where(and(eq(broadcasts.id, broadcastId), eq(broadcasts.status, 'draft')))
    .returning();
  if (queued) return queued;
  const current = await getBroadcast(db, broadcastId);
  if (current.status === 'cancelled' || current.status === 'completed')
    throw new AppError('BROADCAST_NOT_EDITABLE', `broadcast is ${current.status}`);
  return current;
}

/** The queue did not take the fan-out job: a campaign still only queued is a draft again. */
export async function unqueueBroadcast(db: DbOrTx, broadcastId: number): Promise<void> {
  await db
    .update(broadcasts)
    .set({ status: 'draft' })
    .where(and(eq(broadcasts.id, broadcastId), eq(broadcasts.status, 'queued')));
}

/** Statuses the admin can still stop; completed and cancelled are final. */
export function broadcastIsLive(status: BroadcastStatus): boolean {
  return status !== 'completed' && status !== 'cancelled';
}

/** Sending was asked for (queued) or has begun: the recipients are, or are becoming, fixed. */
export function broadcastHasStarted(status: BroadcastStatus): boolean {
  return status !== 'draft' && status !== 'scheduled';
}

/**
 * Fan-out calls this first. A draft, scheduled or queued campaign becomes running; a running one is
 * returned as is (a fan-out resumed after a crash carries on). Cancelled or completed:
 * BROADCAST_NOT_EDITABLE.
 */
export async function markBroadcastRunning(
  db: DbOrTx,
  broadcastId: number,
  now: Date = new Date(),
): Promise<Broadcast> {
  const [started] = await db
    .update(broadcasts)
    .set({
      status: 'running',
      startedAt: sql`coalesce(${broadcasts.startedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(and(eq(broadcasts.id, broadcastId), inArray(broadcasts.status, ['draft', 'scheduled', 'queued'])))
    .returning();
  if (started) return started;
  const current = await getBroadcast(db, broadcastId);
  if (current.status !== 'running')
    throw new AppError('BROADCAST_NOT_EDITABLE', `broadcast is ${current.status}`);
  return current;
}

/**
 * Fan-out calls this after its last page: from then on "no pending recipients" means done. Without it a
 * campaign whose first page is still being written would look finished.
 */
export async function markBroadcastFannedOut(
  db: DbOrTx,
  broadcastId: number,
  now: Date = new Date(),
): Promise<void> {
  await db
    .update(broadcasts)
    .set({ fannedOutAt: sql`coalesce(${broadcasts.fannedOutAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(broadcasts.id, broadcastId));
}

/** Running, fanned out and nothing pending → completed. True only for the call that completed it. */
export async function finishBroadcastIfDone(
  db: DbOrTx,
  broadcastId: number,
  now: Date = new Date(),
): Promise<boolean> {
  const done = await db
    .update(broadcasts)
    .set({ status: 'completed', finishedAt: now })
    .where(
      and(
        eq(broadcasts.id, broadcastId),
        eq(broadcasts.status, 'running'),
        sql`${broadcasts.fannedOutAt} is not null`,
        sql`not exists (select 1 from ${broadcastRecipients}
          where ${broadcastRecipients.broadcastId} = ${broadcasts.id} and ${broadcastRecipients.status} = 'pending')`,
      ),
    )
    .returning({ id: broadcasts.id });
  return done.length > 0;
}

export async function getBroadcast(db: DbOrTx, broadcastId: number): Promise<Broadcast> {
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, broadcastId));
  if (!row) throw new AppError('BROADCAST_NOT_FOUND');
  return row;
}

/** Scheduled campaigns whose time has come, oldest first; the scheduler starts a fan-out for each. */
export async function dueScheduledBroadcasts(db: DbOrTx, now: Date): Promise<Broadcast[]> {
  return db
    .select()
    .from(broadcasts)
    .where(and(eq(broadcasts.status, 'scheduled'), lte(broadcasts.scheduledAt, now)))
    .orderBy(asc(broadcasts.scheduledAt), asc(broadcasts.id));
}

/**
 * Campaigns left running (by a worker that stopped), or queued whose fan-out job may be lost; the care
 * sweep resumes their fan-out.
 */
export async function runningBroadcasts(db: DbOrTx): Promise<Broadcast[]> {
  return db
    .select()
    .from(broadcasts)
    .where(inArray(broadcasts.status, ['queued', 'running']))
    .orderBy(asc(broadcasts.id));
}

async function lockBroadcast(tx: DbOrTx, broadcastId: number): Promise<Broadcast> {
  const [row] = await tx.select().from(broadcasts).where(eq(broadcasts.id, broadcastId)).for('update');
  if (!row) throw new AppError('BROADCAST_NOT_FOUND');
  return row;
}

async function assertImage(db: DbOrTx, fileId: number): Promise<void> {
  const [file] = await db.select({ mime: files.mime }).from(files).where(eq(files.id, fileId));
  if (!file?.mime.startsWith('image/')) {
    throw new AppError('NOT_FOUND', 'image not found', {
      fields: [{ field: 'imageFileId', message: 'not found' }],
    });
  }
}
