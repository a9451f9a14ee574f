import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, reservations } from '../../db/schema/index.ts';
import { formatClock, formatDate, t } from '../../src/i18n/index.ts';
import { listProducts } from '../../src/catalog/index.ts';
import { createCustomerByStaff } from '../../src/customers/index.ts';
import { cancelReservation, createReservation, getReservation } from '../../src/reservations/index.ts';
import { updateSettings } from '../../src/settings/index.ts';
import { addDays, formatIsoDate, localDateOf, weekdayOf, zonedTimeToInstant } from '../../src/time.ts';
import { Agent, bookingWithProof, expectFieldErrors, harnessForFile, TZ } from './harness.ts';

const file = harnessForFile();

describe('reservation list', () => {
  it('lists bookings waiting for confirmation, filtered and searchable by name, code and phone', async () => {
    const a = await bookingWithProof(file.h, { name: 'Dewi Lestari', daysAhead: 2 });
    const b = await bookingWithProof(file.h, {
      name: 'Budi Santoso',
      daysAhead: 2,
      time: '11:00',
      proof: false,
    });
    const waiting = await file.rina.page('/admin/reservations?status=awaiting_confirmation');
    expect(waiting.status).toBe(200);
    expect(waiting.html).toContain(a.reservation.code);
    expect(waiting.html).not.toContain(b.reservation.code);
    expect((await file.rina.page('/admin/reservations?q=budi')).html).toContain(b.reservation.code);
    expect((await file.rina.page(`/admin/reservations?q=${a.reservation.code}`)).html).toContain(
      'Dewi Lestari',
    );
    const phoneTail = a.customer.phone!.slice(-6);
    expect((await file.rina.page(`/admin/reservations?q=${phoneTail}`)).html).toContain(a.reservation.code);
  });

  it('answers a bad date filter with 400 and the message next to the field', async () => {
    const response = await file.rina.page('/admin/reservations?from=2026-13-45');
    expect(response.status).toBe(400);
    expect(response.html).toMatch(/data-field="from">Tanggal belum benar/);
    const reversed = await file.rina.page('/admin/reservations?from=2026-12-10&to=2026-12-01');
    expect(reversed.status).toBe(400);
    expect(reversed.html).toMatch(/data-field="to">Tanggal akhir harus setelah tanggal awal/);
  });

  it('answers a tampered page link (cursor) with 400 and says so at the list, with or without a search', async () => {
    const notACursor = Buffer.from('nope').toString('base64url');
    // Shaped like ours, but February has no 31st: the database would refuse it.
    const noSuchDay = Buffer.from('2026-02-31T03:00:00.000000Z~5').toString('base64url');
    for (const path of [
      `/admin/reservations?cursor=${notACursor}`,
      `/admin/reservations?q=dewi&cursor=${notACursor}`,
      `/admin/reservations?status=confirmed&cursor=${noSuchDay}`,
      `/admin/reservations?cursor=${'x'.repeat(300)}`,
    ]) {
      const html = await expectFieldErrors(await file.rina.get(path), 400, {
        cursor: 'Tautan halaman ini tidak valid. Silakan mulai lagi dari halaman awal.',
      });
      expect(html).toContain('Halaman awal');
    }
  });

  it('pages a search across page ends: every booking once, same-time bookings split by the end of a page', async () => {
    const { customer, reservation } = await bookingWithProof(file.h, { name: 'Pager Panjang', daysAhead: 6 });
    const day = 86_400_000;
    // 40 past sessions, two at each time, so rows 30 and 31 (a page holds 30) start together.
    const past = await file.h.database.db
      .insert(reservations)
      .values(
        Array.from({ length: 40 }, (_, i) => {
          const startAt = new Date(reservation.startAt.getTime() - (10 + Math.floor(i / 2)) * day);
          return {
            customerId: customer.id,
            status: 'completed' as const,
            startAt,
            endAt: new Date(startAt.getTime() + 3_600_000),
            subtotal: 150_000,
            total: 150_000,
          };
        }),
      )
      .returning({ code: reservations.code });
    const seen: string[] = [];
    let pages = 0;
    let next: string | undefined = '/admin/reservations?q=pager+panjang';
    while (next) {
      const page = await file.rina.page(next);
      expect(page.status).toBe(200);
      pages += 1;
      seen.push(...[...page.html.matchAll(/>(R-\d{4}-\d{6})<\/a>/g)].map((m) => m[1]!));
      next = /href="([^"]+)" rel="next"/.exec(page.html)?.[1]?.replaceAll('&amp;', '&');
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(41);
    expect(new Set(seen)).toEqual(new Set([reservation.code, ...past.map((r) => r.code)]));
  });

  it('renders HTML in a customer name as text', async () => {
    const evil = await bookingWithProof(file.h, { name: '<script>alert("x")</script> Tono', daysAhead: 4 });
    const list = await file.rina.page(`/admin/reservations?q=${evil.reservation.code}`);
    expect(list.html).not.toContain('<script>alert');
    expect(list.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tono');
    const detail = await file.rina.page(`/admin/reservations/${evil.reservation.id}`);
    expect(detail.html).not.toContain('<script>alert');
  });

  it('shows a day and a week calendar with the bookings', async () => {
    const c = await bookingWithProof(file.h, { name: 'Kalender Test', daysAhead: 1, time: '13:00' });
    const date = c.reservation.startAt.toISOString().slice(0, 10);
    expect((await file.rina.page(`/admin/calendar?view=week&date=${date}`)).html).toContain('Kalender Test');
    const day = await file.rina.page(`/admin/calendar?view=day&date=${date}`);
    expect(day.html).toContain('Kalender Test');
  });
});

describe('calendar of a busy week', () => {
  it('shows every session of a week with more bookings than one list page holds (200)', async () => {
    const db = file.h.database.db;
    await updateSettings(db, { capacityPerSlot: 20 });
    const product = (await listProducts(db, { kind: 'package' })).find((p) => p.durationMinutes <= 60)!;
    // A week of its own: Monday 15-21 days ahead, after every other booking of this file (1-12 days
    // ahead), which would otherwise find its slots full of these 205 (capacity is back to 2 after).
    const inThreeWeeks = addDays(localDateOf(file.h.now(), TZ), 21);
    const monday = addDays(inThreeWeeks, -((weekdayOf(inThreeWeeks) + 6) % 7));
    const starts = [0, 1].flatMap((d) =>
      ['09', '10', '11', '12', '13', '14', '15', '16', '17'].map((h) =>
        zonedTimeToInstant(addDays(monday, d), `${h}:00`, TZ),
      ),
    );
    const total = 205;
    for (let i = 0; i < total; i++) {
      const customer = await createCustomerByStaff(db, { name: `Sesi Padat ${i}` });
      await createReservation(db, {
        customerId: customer.id,
        productId: product.id,
        startAt: starts[i % starts.length]!,
        channel: 'web',
        now: file.h.now(),
        timeZone: TZ,
      });
    }
    const { html } = await file.rina.page(`/admin/calendar?view=week&date=${formatIsoDate(monday)}`);
    expect(html.match(/Sesi Padat \d+/g)?.length).toBe(total);
    await updateSettings(db, { capacityPerSlot: 2 });
  }, 60_000);
});

describe('reservation detail and actions', () => {
  it('shows the transfer proof from the files table, only to signed-in staff', async () => {
    const { reservation } = await bookingWithProof(file.h, { name: 'Proof Owner', daysAhead: 5 });
    const detail = await file.rina.page(`/admin/reservations/${reservation.id}`);
    const src = /<img src="(\/admin\/files\/\d+)"/.exec(detail.html)?.[1];
    expect(src).toBeDefined();
    const image = await file.rina.get(src!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await image.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
    expect((await new Agent(file.h.app).get(src!)).status).toBe(302);
  });

  it('names the session as one day and one time range, the zone once', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 5, time: '10:00' });
    const { html } = await file.rina.page(`/admin/reservations/${reservation.id}`);
    const end = formatClock(reservation.endAt, 'id', TZ);
    expect(html).toContain(`<strong>${formatDate(reservation.startAt, 'id', TZ)}, 10.00–${end} WIB</strong>`);
  });

  it('confirms: status, audit, and the customer is told', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 6 });
    const response = await file.rina.post(`/admin/reservations/${reservation.id}/confirm`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/reservations/${reservation.id}?flash=confirmed`);
    expect((await getReservation(file.h.database.db, reservation.id))?.status).toBe('confirmed');
    expect(file.h.notifier.calls).toContainEqual({ kind: 'reservationConfirmed', args: [reservation.id] });
    const audit = await file.h.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(reservation.id)));
    expect(audit.map((a) => a.action)).toContain('reservation.confirm');
    const page = await file.rina.page(`/admin/reservations/${reservation.id}?flash=confirmed`);
    expect(page.html).toContain('Reservasi dikonfirmasi');
    expect(page.html).toContain('Rina');
  });

  it('two staff confirming at once: one wins, the other sees who did it', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 7 });
    const before = file.h.notifier.calls.length;
    const [first, second] = await Promise.all([
      file.rina.post(`/admin/reservations/${reservation.id}/confirm`),
      file.owner.post(`/admin/reservations/${reservation.id}/confirm`),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = first.status === 409 ? first : second;
    const winnerName = first.status === 303 ? 'Rina' : 'Bu Owner';
    expect(await loser.text()).toContain(`Sudah dikonfirmasi oleh ${winnerName}`);
    const confirms = file.h.notifier.calls.slice(before).filter((c) => c.kind === 'reservationConfirmed');
    expect(confirms).toHaveLength(1);
  });

  it('cancel needs a reason (400 next to the field, nothing changed), then cancels and tells the customer', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 8 });
    const empty = await file.rina.post(`/admin/reservations/${reservation.id}/cancel`, { reason: '   ' });
    await expectFieldErrors(empty, 400, { reason: 'Wajib diisi' });
    expect((await getReservation(file.h.database.db, reservation.id))?.status).toBe('awaiting_confirmation');
    const ok = await file.rina.post(`/admin/reservations/${reservation.id}/cancel`, {
      reason: 'Transfer tidak masuk',
    });
    expect(ok.status).toBe(303);
    const row = await getReservation(file.h.database.db, reservation.id);
    expect(row?.status).toBe('cancelled');
    expect(row?.cancelReason).toBe('Transfer tidak masuk');
    expect(file.h.notifier.calls).toContainEqual({
      kind: 'reservationCancelled',
      args: [reservation.id, 'Transfer tidak masuk'],
    });
  });

  it('completes a confirmed session once it has started, and refuses to complete one twice', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 9 });
    await file.rina.post(`/admin/reservations/${reservation.id}/confirm`);
    // Days before the session: no buttons, the time they appear, and a refused POST changes nothing.
    const ahead = await file.rina.page(`/admin/reservations/${reservation.id}`);
    expect(ahead.html).not.toContain('Tandai sesi selesai');
    expect(ahead.html).toContain('Sesi bisa ditandai selesai atau tidak datang setelah dimulai');
    const early = await file.rina.post(`/admin/reservations/${reservation.id}/complete`);
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('Sesi ini belum dimulai');
    expect((await getReservation(file.h.database.db, reservation.id))?.status).toBe('confirmed');

    const started = await sessionThatStarted();
    await file.rina.post(`/admin/reservations/${started.id}/confirm`);
    const during = await file.rina.page(`/admin/reservations/${started.id}`);
    expect(during.html).toContain('Tandai sesi selesai');
    expect(during.html).toContain('Tidak datang');
    expect((await file.rina.post(`/admin/reservations/${started.id}/complete`)).status).toBe(303);
    expect((await getReservation(file.h.database.db, started.id))?.status).toBe('completed');
    expect(file.h.notifier.calls.filter((c) => c.kind === 'reservationCompleted')).toHaveLength(1);
    const again = await file.rina.post(`/admin/reservations/${started.id}/complete`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Sudah ditandai selesai oleh Rina');
  });

  it('marks a no-show after the session started: no points, no message, its own line in the page', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 13 });
    await file.rina.post(`/admin/reservations/${reservation.id}/confirm`);
    const early = await file.rina.post(`/admin/reservations/${reservation.id}/no-show`);
    expect(early.status).toBe(409);
    expect((await getReservation(file.h.database.db, reservation.id))?.status).toBe('confirmed');

    const started = await sessionThatStarted();
    await file.rina.post(`/admin/reservations/${started.id}/confirm`);
    const calls = file.h.notifier.calls.length;
    const done = await file.rina.post(`/admin/reservations/${started.id}/no-show`);
    expect(done.status).toBe(303);
    const row = await getReservation(file.h.database.db, started.id);
    expect(row).toMatchObject({ status: 'no_show', noShowById: file.h.staff.staff, pointsCreditedAt: null });
    expect(file.h.notifier.calls).toHaveLength(calls);
    const page = await file.rina.page(`/admin/reservations/${started.id}`);
    expect(page.html).toContain('Tidak datang');
    expect(page.html).not.toContain('Tandai sesi selesai');
    const again = await file.rina.post(`/admin/reservations/${started.id}/no-show`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Sudah ditandai tidak datang oleh Rina');
  });

  it('a cancellation from an English chat reads in the staff member’s language', async () => {
    const { reservation, customer } = await bookingWithProof(file.h, { daysAhead: 12, time: '10:00' });
    await cancelReservation(file.h.database.db, {
      reservationId: reservation.id,
      by: 'customer',
      customerId: customer.id,
      reason: t('en', 'chat.my.cancelReason'),
      now: file.h.now(),
    });
    const page = await file.rina.page(`/admin/reservations/${reservation.id}`);
    expect(page.html).toContain('Dibatalkan oleh pelanggan lewat chat');
    expect(page.html).not.toContain('Cancelled by the customer in chat');
  });

  it('asks staff to confirm moving a booking onto the same customer’s other booking', async () => {
    const { reservation, customer, product } = await bookingWithProof(file.h, {
      daysAhead: 14,
      time: '10:00',
    });
    const { reservation: other } = await createReservation(file.h.database.db, {
      customerId: customer.id,
      productId: product.id,
      startAt: new Date(reservation.startAt.getTime() + 3 * 3_600_000),
      now: file.h.now(),
      timeZone: TZ,
    });
    const at = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(reservation.startAt);
    const refused = await file.rina.post(`/admin/reservations/${other.id}/reschedule`, {
      date: at,
      time: '10:00',
    });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain(`data-field="time">Pelanggan ini sudah punya reservasi ${reservation.code}`);
    expect(html).toContain('name="allowDoubleBooking"');
    expect((await getReservation(file.h.database.db, other.id))?.startAt).toEqual(other.startAt);
    const confirmed = await file.rina.post(`/admin/reservations/${other.id}/reschedule`, {
      date: at,
      time: '10:00',
      allowDoubleBooking: '1',
    });
    expect(confirmed.status).toBe(303);
    expect((await getReservation(file.h.database.db, other.id))?.startAt).toEqual(reservation.startAt);
  });

  it('reschedules to a free slot, and rejects a bad time or a closed time with the message at the field', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 10 });
    const bad = await file.rina.post(`/admin/reservations/${reservation.id}/reschedule`, {
      date: '2026-02-30',
      time: '25:00',
    });
    await expectFieldErrors(bad, 400, { date: 'Tanggal belum benar', time: 'Jam belum benar' });
    const date = new Date(reservation.startAt.getTime() + 86_400_000);
    const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(date);
    const closed = await file.rina.post(`/admin/reservations/${reservation.id}/reschedule`, {
      date: iso,
      time: '23:00',
    });
    await expectFieldErrors(closed, 409, { time: '' });
    const ok = await file.rina.post(`/admin/reservations/${reservation.id}/reschedule`, {
      date: iso,
      time: '14:00',
    });
    expect(ok.status).toBe(303);
    const [row] = await file.h.database.db
      .select()
      .from(reservations)
      .where(eq(reservations.id, reservation.id));
    expect(row!.startAt.getTime()).toBe(new Date(`${iso}T14:00:00+07:00`).getTime());
    expect(file.h.notifier.calls).toContainEqual({ kind: 'reservationRescheduled', args: [reservation.id] });
  });

  it('refuses actions without the CSRF token and leaves the booking alone', async () => {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 11 });
    const response = await file.rina.post(
      `/admin/reservations/${reservation.id}/confirm`,
      {},
      { csrf: false },
    );
    expect(response.status).toBe(403);
    expect((await getReservation(file.h.database.db, reservation.id))?.status).toBe('awaiting_confirmation');
  });

  it('answers an unknown booking with 404', async () => {
    expect((await file.rina.get('/admin/reservations/999999')).status).toBe(404);
    expect((await file.rina.get('/admin/reservations/abc')).status).toBe(404);
    const page = await file.rina.get('/admin/reservations/999999');
    const html = await page.text();
    expect(html).toContain('tidak ditemukan');
    expect(html).toContain('<a class="btn secondary" href="/admin">Kembali ke Dasbor</a>');
  });
});

/**
 * A booking whose session began yesterday at 10:00 (booked, with its proof, on a clock three days back;
 * no request is made meanwhile, so the staff sessions never see that clock).
 */
async function sessionThatStarted() {
  const realNow = file.h.now();
  file.h.setNow(new Date(realNow.getTime() - 3 * 86_400_000));
  try {
    const { reservation } = await bookingWithProof(file.h, { daysAhead: 2 });
    return reservation;
  } finally {
    file.h.setNow(realNow);
  }
}

describe('dashboard', () => {
  it('shows proofs waiting and today’s numbers; revenue only to those who may read the reports', async () => {
    const { html, status } = await file.rina.page('/admin');
    expect(status).toBe(200);
    expect(html).toContain('Bukti transfer menunggu');
    expect(html).toContain('Sesi hari ini');
    // Staff cannot open the reports, so the dashboard shows them no revenue either.
    expect(html).not.toContain('Pendapatan');
    expect((await file.rina.get('/admin/reports')).status).toBe(403);
    // The chart's title names the period it counts, upcoming sessions included.
    expect(html).toContain('Reservasi per kategori (90 hari lalu s/d 30 hari ke depan)');
    const admin = await file.admin.page('/admin');
    expect(admin.html).toContain('Pendapatan bulan ini');
    expect(admin.html).toContain('Pendapatan per bulan');
  });
});
