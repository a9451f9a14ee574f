import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, broadcasts } from '../../db/schema/index.ts';
import {
  createBroadcast,
  finishBroadcastIfDone,
  getBroadcast,
  markBroadcastFannedOut,
  markBroadcastRunning,
} from '../../src/broadcasts/index.ts';
import { bookingWithProof, createdId, expectFieldErrors, harnessForFile, jpeg } from './harness.ts';

const file = harnessForFile();

describe('broadcasts', () => {
  it('counts the segment live (JSON), validates the form, previews and starts', async () => {
    await bookingWithProof(file.h, { name: 'Penerima Promo', daysAhead: 2 });
    const count = await file.admin.get('/admin/broadcasts/api/count?segment.channel=web', {
      accept: 'application/json',
    });
    expect(count.status).toBe(200);
    expect((await count.json()).count).toBeGreaterThan(0);
    const badCount = await file.admin.get('/admin/broadcasts/api/count?segment.inactiveDays=abc', {
      accept: 'application/json',
    });
    expect(badCount.status).toBe(400);
    expect((await badCount.json()).error.fields).toEqual([
      { field: 'inactiveDays', message: 'Isi jumlah hari 1–3650, atau kosongkan.' },
    ]);

    await file.admin.page('/admin/broadcasts/new');
    const bad = await file.admin.post('/admin/broadcasts', {
      title: '',
      text: '',
      when: 'later',
      scheduledAt: '',
    });
    await expectFieldErrors(bad, 400, {
      title: 'Wajib diisi',
      scheduledAt: 'Pilih tanggal dan jam',
    });

    const created = await file.admin.post('/admin/broadcasts', {
      title: 'Promo Desember <b>',
      text: 'Diskon 20% untuk foto keluarga bulan ini!',
      when: 'now',
      'segment.channel': 'web',
      image: new Blob([await jpeg(2000, 1500)], { type: 'image/jpeg' }),
    });
    expect(created.status).toBe(303);
    const id = createdId(created);
    const preview = await file.admin.page(`/admin/broadcasts/${id}`);
    expect(preview.html).toContain('Diskon 20% untuk foto keluarga bulan ini!');
    expect(preview.html).toContain('Promo Desember &lt;b&gt;');
    expect((await getBroadcast(file.h.database.db, id)).status).toBe('draft');
    expect((await file.admin.post(`/admin/broadcasts/${id}/start`)).status).toBe(303);
    expect(file.h.broadcastCalls).toContainEqual({ op: 'start', id });
    // Queued in the same request, before any worker has the job: the page already says so.
    expect((await getBroadcast(file.h.database.db, id)).status).toBe('queued');
    const progress = await file.admin.get(`/admin/broadcasts/${id}/progress.json`, {
      accept: 'application/json',
    });
    expect(await progress.json()).toMatchObject({
      total: 0,
      sent: 0,
      status: 'queued',
      statusLabel: 'Dalam antrean',
      final: false,
      actions: { start: false, cancel: true },
    });
    const queued = await file.admin.page(`/admin/broadcasts/${id}`);
    expect(queued.html).toContain('Dalam antrean');
    expect(queued.html).not.toContain('Kirim sekarang');
    expect(queued.html).toContain('Batalkan broadcast');
    expect(queued.html).toContain('class="broadcast-progress"');
    // A second press (another tab) changes nothing and queues the same job again.
    expect((await file.admin.post(`/admin/broadcasts/${id}/start`)).status).toBe(303);
    expect((await getBroadcast(file.h.database.db, id)).status).toBe('queued');
    const audit = await file.h.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityType, 'broadcast'));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'broadcast.create',
      'broadcast.start',
      'broadcast.start',
    ]);
  });

  it('a draft says how many customers it would reach; a campaign being sent shows its progress instead', async () => {
    await bookingWithProof(file.h, { name: 'Penerima Hitungan', daysAhead: 2 });
    const campaign = await createBroadcast(file.h.database.db, {
      title: 'Promo Hitung',
      text: 'Halo!',
      segment: {},
      staffId: file.h.staff.admin,
    });
    const draft = await file.admin.page(`/admin/broadcasts/${campaign.id}`);
    expect(draft.html).toContain('Penerima saat ini');
    expect(draft.html).toContain('Kirim sekarang');
    await markBroadcastRunning(file.h.database.db, campaign.id);
    const running = await file.admin.page(`/admin/broadcasts/${campaign.id}`);
    expect(running.html).not.toContain('Penerima saat ini');
    expect(running.html).not.toContain('Kirim sekarang');
    expect(running.html).toContain('Sedang dikirim');
  });

  it('the live card answers each state with its badge and buttons, and stops asking once final', async () => {
    const db = file.h.database.db;
    const campaign = await createBroadcast(db, {
      title: 'Promo Langsung',
      text: 'Halo!',
      segment: {},
      staffId: file.h.staff.admin,
    });
    const live = async () => (await file.admin.page(`/admin/broadcasts/${campaign.id}/live`)).html;
    const draft = await live();
    expect(draft).toContain('Draf');
    expect(draft).toContain('Kirim sekarang');
    expect(draft).toContain(`data-live-url="/admin/broadcasts/${campaign.id}/live"`);
    expect(draft).not.toContain('<html');
    await markBroadcastRunning(db, campaign.id);
    await markBroadcastFannedOut(db, campaign.id);
    const running = await live();
    expect(running).toContain('Sedang dikirim');
    expect(running).toContain('Batalkan broadcast');
    expect(running).not.toContain('Kirim sekarang');
    expect(running).toContain('data-live-every="2000"');
    expect(await finishBroadcastIfDone(db, campaign.id)).toBe(true);
    const done = await live();
    expect(done).toContain('Selesai dikirim');
    expect(done).not.toContain('Batalkan broadcast');
    expect(done).not.toContain('data-live-url');
    // Staff cannot see campaigns at all, live card included.
    expect((await file.rina.get(`/admin/broadcasts/${campaign.id}/live`)).status).toBe(403);
  });

  it('refuses a non-image attachment and a schedule in the past', async () => {
    const before = await file.h.database.db.select().from(broadcasts);
    const notImage = await file.admin.post('/admin/broadcasts', {
      title: 'X',
      text: 'Y',
      when: 'now',
      image: new Blob([new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')], {
        type: 'image/png',
      }),
    });
    await expectFieldErrors(notImage, 415, { image: 'File harus berupa foto' });
    const past = await file.admin.post('/admin/broadcasts', {
      title: 'X',
      text: 'Y',
      when: 'later',
      scheduledAt: '2020-01-01T10:00',
    });
    await expectFieldErrors(past, 400, { scheduledAt: 'Waktu ini sudah lewat' });
    expect(await file.h.database.db.select().from(broadcasts)).toHaveLength(before.length);
  });

  it('schedules and cancels', async () => {
    const later = new Date(file.h.now().getTime() + 3 * 86_400_000);
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Jakarta',
      dateStyle: 'short',
      timeStyle: 'short',
    })
      .format(later)
      .replace(' ', 'T');
    const created = await file.admin.post('/admin/broadcasts', {
      title: 'Nanti',
      text: 'Halo nanti',
      when: 'later',
      scheduledAt: local,
    });
    expect(created.status).toBe(303);
    const id = createdId(created);
    expect((await getBroadcast(file.h.database.db, id)).status).toBe('scheduled');
    expect((await file.admin.post(`/admin/broadcasts/${id}/cancel`)).status).toBe(303);
    expect(file.h.broadcastCalls).toContainEqual({ op: 'cancel', id });
    expect((await getBroadcast(file.h.database.db, id)).status).toBe('cancelled');
    expect((await file.admin.post(`/admin/broadcasts/${id}/start`, {}, { csrf: false })).status).toBe(403);
    expect((await file.admin.page('/admin/broadcasts')).html).toContain('Nanti');
  });

  it('pages the history with a next-page link, and answers a tampered page link with 400', async () => {
    // One transaction: all 55 share one creation time, so the page boundary falls inside the tie.
    await file.h.database.db.transaction(async (tx) => {
      for (let i = 0; i < 55; i++)
        await createBroadcast(tx, { title: `Promo Arsip ${i}`, text: 'Halo', staffId: file.h.staff.admin });
    });
    const first = await file.admin.page('/admin/broadcasts');
    expect(first.html).toContain('Promo Arsip 54</a>');
    expect(first.html).toContain('Promo Arsip 5</a>');
    expect(first.html).not.toContain('Promo Arsip 4</a>');
    const next = /href="([^"]+)" rel="next"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/admin\/broadcasts\?cursor=/);
    const second = await file.admin.page(next!);
    expect(second.html).toContain('Promo Arsip 4</a>');
    expect(second.html).toContain('Promo Arsip 0</a>');
    expect(second.html).not.toContain('Promo Arsip 5</a>');
    expect(second.html).toContain('Nanti</a>');
    expect(second.html).toContain('href="/admin/broadcasts"');

    const html = await expectFieldErrors(await file.admin.get('/admin/broadcasts?cursor=abc'), 400, {
      cursor: 'Tautan halaman ini tidak valid. Silakan mulai lagi dari halaman awal.',
    });
    expect(html).not.toContain('Promo Arsip 54</a>');
    expect(html).toContain('Halaman awal');
  });
});
