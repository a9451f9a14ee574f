import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files } from '../../db/schema/index.ts';
import {
  BROADCAST_CAPTION_MAX,
  cancelBroadcast,
  createBroadcast,
  dueScheduledBroadcasts,
  finishBroadcastIfDone,
  getBroadcast,
  insertRecipients,
  listBroadcasts,
  listRecipients,
  markBroadcastFannedOut,
  markBroadcastRunning,
  markRecipient,
  recipientCounts,
  recipientsFromSegment,
  segmentPage,
  updateBroadcast,
} from '../../src/broadcasts/index.ts';
import type { AppError } from '../../src/errors.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { countRows, newCustomer, newStaff, studioDatabase } from './feedback-fixtures.ts';

let database: TestDatabase;
let staffId: number;
let imageId: number;

beforeAll(async () => {
  database = await studioDatabase();
  staffId = await newStaff(database.db);
  const [file] = await database.db
    .insert(files)
    .values({ sha256: 'x', mime: 'image/png', size: 3, purpose: 'broadcast', data: Buffer.from('abc') })
    .returning({ id: files.id });
  imageId = file!.id;
});
afterAll(() => database.drop());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  return (await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  )) as AppError;
}

/** What the fan-out job does, page by page, as the workers will. */
async function fanOut(broadcastId: number, pageSize: number): Promise<void> {
  const broadcast = await markBroadcastRunning(database.db, broadcastId);
  let after = 0;
  for (;;) {
    const page = await segmentPage(database.db, broadcast.segment, {
      afterCustomerId: after,
      limit: pageSize,
    });
    if (page.length === 0) break;
    await insertRecipients(database.db, broadcastId, recipientsFromSegment(page));
    after = page.at(-1)!.customerId;
  }
  await markBroadcastFannedOut(database.db, broadcastId);
}

describe('broadcast campaigns', () => {
  it('creates drafts and scheduled campaigns; only due ones are reported due', async () => {
    const draft = await createBroadcast(database.db, {
      title: 'Promo',
      text: 'Diskon 10%',
      segment: {},
      staffId,
    });
    expect(draft).toMatchObject({ status: 'draft', segment: {}, createdById: staffId });
    const soon = await createBroadcast(database.db, {
      title: 'Wisuda',
      text: 'Paket wisuda hemat',
      segment: { boughtCategory: 'wisuda' },
      scheduledAt: new Date('2026-12-05T02:00:00Z'),
      staffId,
    });
    const later = await createBroadcast(database.db, {
      title: 'Tahun baru',
      text: 'Selamat tahun baru',
      scheduledAt: new Date('2027-01-01T00:00:00Z'),
      staffId,
    });
    expect(soon.status).toBe('scheduled');
    const due = (await dueScheduledBroadcasts(database.db, new Date('2026-12-05T02:00:00Z'))).map(
      (b) => b.id,
    );
    expect(due).toContain(soon.id);
    expect(due).not.toContain(later.id);
    expect(due).not.toContain(draft.id);
  });

  it('answers bad input with the fields at fault, and writes nothing', async () => {
    const before = await countRows(database.db, 'broadcasts');
    const empty = await failure(
      createBroadcast(database.db, { title: ' ', text: '', segment: { inactiveDays: -1 }, staffId }),
    );
    expect(empty.code).toBe('VALIDATION');
    expect(empty.fields.map((f) => f.field).sort()).toEqual(['segment.inactiveDays', 'text', 'title']);
    // A photo caption holds 1024 characters on Telegram, the opt-out footer included.
    const caption = await failure(
      createBroadcast(database.db, {
        title: 'Foto',
        text: 'x'.repeat(BROADCAST_CAPTION_MAX + 1),
        imageFileId: imageId,
        staffId,
      }),
    );
    expect(caption.fields).toEqual([
      { field: 'text', message: expect.stringContaining(String(BROADCAST_CAPTION_MAX)) },
    ]);
    const missingImage = await failure(
      createBroadcast(database.db, { title: 'Foto', text: 'x', imageFileId: 999_999, staffId }),
    );
    expect(missingImage.fields[0]?.field).toBe('imageFileId');
    expect(await countRows(database.db, 'broadcasts')).toBe(before);
    const fine = await createBroadcast(database.db, {
      title: 'Foto',
      text: 'x'.repeat(BROADCAST_CAPTION_MAX),
      imageFileId: imageId,
      staffId,
    });
    expect(fine.imageFileId).toBe(imageId);
  });

  it('edits until it starts; scheduling and unscheduling move it between scheduled and draft', async () => {
    const draft = await createBroadcast(database.db, { title: 'A', text: 'teks', staffId });
    const scheduled = await updateBroadcast(database.db, draft.id, {
      scheduledAt: new Date('2026-12-24T01:00:00Z'),
    });
    expect(scheduled).toMatchObject({ status: 'scheduled', title: 'A' });
    const back = await updateBroadcast(database.db, draft.id, { scheduledAt: null, text: 'teks baru' });
    expect(back).toMatchObject({ status: 'draft', scheduledAt: null, text: 'teks baru' });
    await markBroadcastRunning(database.db, draft.id);
    expect((await failure(updateBroadcast(database.db, draft.id, { title: 'B' }))).code).toBe(
      'BROADCAST_NOT_EDITABLE',
    );
    expect((await failure(updateBroadcast(database.db, 999_999, { title: 'B' }))).code).toBe(
      'BROADCAST_NOT_FOUND',
    );
  });

  it('refuses an image added to a text too long for a photo caption, in one edit or after the text', async () => {
    const long = 'x'.repeat(BROADCAST_CAPTION_MAX + 1);
    const draft = await createBroadcast(database.db, { title: 'Panjang', text: long, staffId });
    const later = await failure(updateBroadcast(database.db, draft.id, { imageFileId: imageId }));
    expect(later.fields).toEqual([
      { field: 'text', message: expect.stringContaining(String(BROADCAST_CAPTION_MAX)) },
    ]);
    const together = await failure(
      updateBroadcast(database.db, draft.id, { text: `${long}y`, imageFileId: imageId }),
    );
    expect(together.fields.map((f) => f.field)).toEqual(['text']);
    const shortened = await updateBroadcast(database.db, draft.id, {
      text: 'x'.repeat(BROADCAST_CAPTION_MAX),
      imageFileId: imageId,
    });
    expect(shortened.imageFileId).toBe(imageId);
  });

  it('fans out once per customer, counts opted-out as skipped, and completes when nothing is pending', async () => {
    const optedIn = [
      await newCustomer(database.db),
      await newCustomer(database.db),
      await newCustomer(database.db),
    ];
    const optedOut = await newCustomer(database.db, { promoOptIn: false });
    const campaign = await createBroadcast(database.db, { title: 'Semua', text: 'Halo!', staffId });
    expect(await finishBroadcastIfDone(database.db, campaign.id)).toBe(false);

    await fanOut(campaign.id, 2);
    // A fan-out resumed after a crash runs the pages again: nobody is added twice.
    await fanOut(campaign.id, 3);
    const counts = await recipientCounts(database.db, campaign.id);
    expect(counts).toEqual({ pending: 3, sent: 0, failed: 0, blocked: 0, skipped: 1, total: 4 });
    const skipped = (await listRecipients(database.db, campaign.id, { status: 'skipped' }))[0];
    expect(skipped).toMatchObject({ customerId: optedOut, error: 'opted_out' });
    expect(await finishBroadcastIfDone(database.db, campaign.id)).toBe(false);

    const pending = await listRecipients(database.db, campaign.id, { status: 'pending' });
    expect(pending.map((r) => r.customerId)).toEqual(optedIn);
    await markRecipient(database.db, { recipientId: pending[0]!.id, status: 'failed', error: '500' });
    await markRecipient(database.db, { recipientId: pending[0]!.id, status: 'sent' });
    await markRecipient(database.db, {
      broadcastId: campaign.id,
      customerId: optedIn[1]!,
      status: 'blocked',
      error: '403',
    });
    expect(await finishBroadcastIfDone(database.db, campaign.id)).toBe(false);
    await markRecipient(database.db, {
      broadcastId: campaign.id,
      customerId: optedIn[2]!,
      status: 'failed',
      error: 'gave up',
    });

    const [retried] = await listRecipients(database.db, campaign.id, { status: 'sent' });
    expect(retried).toMatchObject({ attempts: 2, error: null });
    expect(retried?.sentAt).toBeInstanceOf(Date);
    expect(await recipientCounts(database.db, campaign.id)).toEqual({
      pending: 0,
      sent: 1,
      failed: 1,
      blocked: 1,
      skipped: 1,
      total: 4,
    });
    expect(await finishBroadcastIfDone(database.db, campaign.id)).toBe(true);
    expect(await finishBroadcastIfDone(database.db, campaign.id)).toBe(false);
    expect((await getBroadcast(database.db, campaign.id)).status).toBe('completed');

    expect((await failure(cancelBroadcast(database.db, campaign.id))).code).toBe('BROADCAST_NOT_EDITABLE');
    expect((await failure(markBroadcastRunning(database.db, campaign.id))).code).toBe(
      'BROADCAST_NOT_EDITABLE',
    );
    expect(
      await markRecipient(database.db, { broadcastId: campaign.id, customerId: 999_999, status: 'sent' }),
    ).toBe(false);
  });

  it('cancel stops a running campaign: pending recipients become skipped, sent ones stay sent', async () => {
    const campaign = await createBroadcast(database.db, { title: 'Batal', text: 'x', staffId });
    await fanOut(campaign.id, 100);
    const [first, ...rest] = await listRecipients(database.db, campaign.id, { status: 'pending' });
    await markRecipient(database.db, { recipientId: first!.id, status: 'sent' });
    const cancelled = await cancelBroadcast(database.db, campaign.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);
    const counts = await recipientCounts(database.db, campaign.id);
    expect(counts).toMatchObject({ pending: 0, sent: 1, skipped: counts.total - 1 });
    expect(rest.length).toBeGreaterThan(0);
    expect((await cancelBroadcast(database.db, campaign.id)).status).toBe('cancelled');
    expect((await failure(markBroadcastRunning(database.db, campaign.id))).code).toBe(
      'BROADCAST_NOT_EDITABLE',
    );
    expect(await finishBroadcastIfDone(database.db, campaign.id)).toBe(false);

    // A fan-out page written after the cancel adds nothing to send.
    const late = await newCustomer(database.db);
    expect(
      await insertRecipients(database.db, campaign.id, [
        { customerId: late, channel: 'telegram', externalId: 'tg' },
      ]),
    ).toBe(1);
    expect((await listRecipients(database.db, campaign.id, { afterCustomerId: late - 1 }))[0]).toMatchObject({
      customerId: late,
      status: 'skipped',
      error: 'cancelled',
    });
    expect((await recipientCounts(database.db, campaign.id)).pending).toBe(0);
    expect(
      (
        await failure(
          insertRecipients(database.db, 999_999, [{ customerId: late, channel: null, externalId: null }]),
        )
      ).code,
    ).toBe('BROADCAST_NOT_FOUND');

    const scheduled = await createBroadcast(database.db, {
      title: 'Nanti',
      text: 'x',
      scheduledAt: new Date('2026-12-01T00:00:00Z'),
      staffId,
    });
    await cancelBroadcast(database.db, scheduled.id);
    expect(
      (await dueScheduledBroadcasts(database.db, new Date('2027-01-01T00:00:00Z'))).map((b) => b.id),
    ).not.toContain(scheduled.id);
  });

  it('writes each recipient once, with their channel, a repeated page adding nothing', async () => {
    const campaign = await createBroadcast(database.db, { title: 'Ulang', text: 'x', staffId });
    await markBroadcastRunning(database.db, campaign.id);
    const [a, b] = [await newCustomer(database.db), await newCustomer(database.db)];
    const page = [
      { customerId: a, channel: 'telegram' as const, externalId: '777001' },
      { customerId: b, channel: null, externalId: null, status: 'skipped' as const, error: 'no chat' },
    ];
    expect(await insertRecipients(database.db, campaign.id, page)).toBe(2);
    expect(await insertRecipients(database.db, campaign.id, page)).toBe(0);
    const rows = await listRecipients(database.db, campaign.id, {});
    expect(rows.map((r) => [r.customerId, r.channel, r.externalId, r.status, r.error])).toEqual([
      [a, 'telegram', '777001', 'pending', null],
      [b, null, null, 'skipped', 'no chat'],
    ]);
  });

  it('writes thousands of recipients in bulk and lists campaigns with their counts', async () => {
    const campaign = await createBroadcast(database.db, { title: 'Besar', text: 'x', staffId });
    await database.db.execute(sql`insert into customers (name, referral_code)
      select 'Massal ' || g, 'MASS' || g from generate_series(1, 2500) g`);
    const ids = await database.db.execute<{ id: number }>(
      sql`select id from customers where name like 'Massal %' order by id`,
    );
    const rows = ids.map((r) => ({
      customerId: r.id,
      channel: 'telegram' as const,
      externalId: `tg${r.id}`,
    }));
    expect(await insertRecipients(database.db, campaign.id, rows)).toBe(2500);
    expect(await insertRecipients(database.db, campaign.id, rows.slice(0, 1200))).toBe(0);
    expect(await insertRecipients(database.db, campaign.id, [])).toBe(0);
    const page = await listRecipients(database.db, campaign.id, {
      afterCustomerId: rows[999]!.customerId,
      limit: 2,
    });
    expect(page.map((r) => r.customerId)).toEqual([rows[1000]!.customerId, rows[1001]!.customerId]);

    const listed = (await listBroadcasts(database.db)).rows;
    expect(listed[0]).toMatchObject({ id: campaign.id, counts: { pending: 2500, total: 2500 } });
    const draft = listed.find((b) => b.title === 'Promo');
    expect(draft?.counts).toEqual({ pending: 0, sent: 0, failed: 0, blocked: 0, skipped: 0, total: 0 });
  });

  it('pages the history newest first across campaigns made at the same moment, without a gap or a repeat', async () => {
    // One transaction: Postgres gives every row the same now(), so only the id orders them.
    const sameMoment = await database.db.transaction(async (tx) => {
      const ids: number[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await createBroadcast(tx, { title: `Serentak ${i}`, text: 'Halo', staffId })).id);
      return ids;
    });
    const newest = await createBroadcast(database.db, { title: 'Terbaru', text: 'Halo', staffId });

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listBroadcasts(database.db, { cursor, limit: 2 });
      expect(page.rows.length).toBeLessThanOrEqual(2);
      seen.push(...page.rows.map((b) => b.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 6)).toEqual([newest.id, ...[...sameMoment].reverse()]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(await countRows(database.db, 'broadcasts'));
  });

  it('refuses a page link it did not make', async () => {
    expect((await failure(listBroadcasts(database.db, { cursor: 'bogus' }))).code).toBe('CURSOR_INVALID');
  });
});
