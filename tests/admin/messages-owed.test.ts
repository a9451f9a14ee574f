import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxMessages } from '../../db/schema/index.ts';
import { bookingWithProof, harnessForFile } from './harness.ts';

const file = harnessForFile();

const row = (values: Partial<typeof outboxMessages.$inferInsert>) => ({
  channel: 'telegram' as const,
  externalId: '777',
  message: { type: 'text', text: 'Reservasi Anda dikonfirmasi.' },
  ...values,
});

describe('messages still owed, as staff see them', () => {
  it('a booking’s page lists its messages: waiting, sent with the time, failed with the reason', async () => {
    const { reservation } = await bookingWithProof(file.h, { name: 'Citra' });
    const db = file.h.database.db;
    await db.insert(outboxMessages).values([
      row({ reservationId: reservation.id, dedupeKey: `t1:${reservation.id}` }),
      row({
        reservationId: reservation.id,
        state: 'sent',
        sentAt: new Date('2026-12-20T03:05:00Z'),
        message: { type: 'text', text: 'Pengingat besok.' },
      }),
      row({
        reservationId: reservation.id,
        state: 'failed',
        error: 'Bad Request: chat not found',
        message: { type: 'text', text: 'Terima kasih!' },
      }),
    ]);
    const page = await file.rina.page(`/admin/reservations/${reservation.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Pesan ke pelanggan');
    expect(page.html).toContain('Menunggu antrean');
    expect(page.html).toContain('Terkirim');
    expect(page.html).toContain('terkirim Minggu, 20 Desember 2026');
    expect(page.html).toContain('Alasan: Bad Request: chat not found');
    expect(page.html).toContain('akan terkirim otomatis');
    await db.delete(outboxMessages);
  });

  it('the dashboard says when messages have waited over a minute for the queue, and when none do, says nothing', async () => {
    const db = file.h.database.db;
    const before = await file.owner.page('/admin');
    expect(before.html).not.toContain('menunggu antrean sejak');
    await db
      .insert(outboxMessages)
      .values([
        row({ dueAt: sql`now() - interval '5 minutes'` as unknown as Date }),
        row({ dueAt: sql`now() - interval '3 minutes'` as unknown as Date }),
        row({ state: 'queued', queuedAt: sql`now() - interval '20 minutes'` as unknown as Date }),
      ]);
    const after = await file.owner.page('/admin');
    expect(after.html).toContain('2 pesan ke pelanggan menunggu antrean sejak');
    expect(after.html).toContain('1 pesan sudah lebih dari 10 menit dalam antrean');
    await db.delete(outboxMessages);
  });
});
