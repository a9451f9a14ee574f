import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files } from '../../db/schema/index.ts';
import { AppError } from '../../src/errors.ts';
import {
  addCustomerMessage,
  closeComplaint,
  complaintTitle,
  getComplaintThread,
  listComplaints,
  listCustomerComplaints,
  openComplaint,
  replyToComplaint,
} from '../../src/feedback/index.ts';
import type { TestDatabase } from '../helpers/db.ts';
import {
  countRows,
  newCustomer,
  newReservation,
  newStaff,
  studioDatabase,
  wib,
} from './feedback-fixtures.ts';

let database: TestDatabase;
let staffId: number;
let photoId: number;

beforeAll(async () => {
  database = await studioDatabase();
  staffId = await newStaff(database.db, 'Rina');
  const [file] = await database.db
    .insert(files)
    .values({ sha256: 'x', mime: 'image/jpeg', size: 3, purpose: 'complaint', data: Buffer.from('abc') })
    .returning({ id: files.id });
  photoId = file!.id;
});
afterAll(() => database.drop());

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('a complaint title taken from the customer’s one message', () => {
  it('is the first sentence of the first line, without the greeting, capitalised', () => {
    expect(complaintTitle('Halo kak, foto wisuda saya belum dikirim. Sudah seminggu.')).toBe(
      'Foto wisuda saya belum dikirim',
    );
    expect(complaintTitle('Permisi min\nCetakan 10R luntur\nwarnanya pudar')).toBe('Cetakan 10R luntur');
    expect(complaintTitle('Maaf kak. Tolong cek reservasi saya, jamnya salah!')).toBe(
      'Tolong cek reservasi saya, jamnya salah',
    );
  });

  it('keeps a short first sentence together with the next, and "Rp 150.000" whole', () => {
    expect(complaintTitle('Jl. Merdeka ditutup, saya telat.')).toBe('Jl. Merdeka ditutup, saya telat');
    expect(complaintTitle('Sudah bayar Rp 150.000 tapi belum dikonfirmasi')).toBe(
      'Sudah bayar Rp 150.000 tapi belum dikonfirmasi',
    );
  });

  it('cuts a long first sentence at a word, within 60 characters', () => {
    const title = complaintTitle(
      'Foto belum dikirim padahal sudah seminggu lebih dan saya sudah tanya berkali-kali lewat chat',
    );
    expect(title).toBe('Foto belum dikirim padahal sudah seminggu lebih dan saya…');
    expect(title.length).toBeLessThanOrEqual(60);
  });

  it('a greeting or punctuation alone stays as written rather than an empty title', () => {
    expect(complaintTitle('Halo kak')).toBe('Halo kak');
    expect(complaintTitle('???')).toBe('???');
  });
});

describe('complaints', () => {
  it('takes the title from the message when no subject is given', async () => {
    const customerId = await newCustomer(database.db);
    const complaint = await openComplaint(database.db, {
      customerId,
      body: 'Selamat siang, hasil edit belum masuk ke Google Drive. Sudah 7 hari.',
    });
    expect(complaint.subject).toBe('Hasil edit belum masuk ke Google Drive');
  });

  it('opens a ticket with a K- code, the first message and its photo, about the customer’s own booking', async () => {
    const customerId = await newCustomer(database.db);
    const booking = await newReservation(database.db, {
      customerId,
      status: 'completed',
      startAt: wib('2026-11-20', '10:00'),
      items: ['STD-01'],
    });
    const complaint = await openComplaint(database.db, {
      customerId,
      reservationId: booking.id,
      subject: 'Hasil foto buram',
      body: 'Kak, 3 foto hasil edit saya buram.',
      fileId: photoId,
    });
    expect(complaint.code).toMatch(/^K-\d{6}$/);
    expect(complaint.status).toBe('open');
    const thread = await getComplaintThread(database.db, complaint.id);
    expect(thread.reservation?.code).toBe(booking.code);
    expect(thread.customer.id).toBe(customerId);
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({
      author: 'customer',
      body: 'Kak, 3 foto hasil edit saya buram.',
      fileId: photoId,
    });
  });

  it('refuses a booking of another customer, and writes nothing', async () => {
    const owner = await newCustomer(database.db);
    const other = await newCustomer(database.db);
    const booking = await newReservation(database.db, {
      customerId: owner,
      status: 'confirmed',
      startAt: wib('2026-12-20', '10:00'),
      items: ['STD-01'],
    });
    const before = await countRows(database.db, 'complaints');
    const error = await rejection(
      openComplaint(database.db, { customerId: other, reservationId: booking.id, subject: 'x', body: 'y' }),
    );
    expect(error.code).toBe('RESERVATION_NOT_FOUND');
    expect(await countRows(database.db, 'complaints')).toBe(before);
  });

  it('answers bad input with the fields at fault, and writes nothing', async () => {
    const customerId = await newCustomer(database.db);
    const before = [
      await countRows(database.db, 'complaints'),
      await countRows(database.db, 'complaint_messages'),
    ];
    const error = await rejection(openComplaint(database.db, { customerId, subject: '   ', body: '' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields.map((f) => f.field).sort()).toEqual(['body', 'subject']);
    const tooLong = await rejection(
      openComplaint(database.db, { customerId, subject: 'a', body: 'x'.repeat(4001) }),
    );
    expect(tooLong.fields.map((f) => f.field)).toEqual(['body']);
    const missingPhoto = await rejection(
      openComplaint(database.db, { customerId, subject: 'a', body: 'b', fileId: 999_999 }),
    );
    expect(missingPhoto.fields.map((f) => f.field)).toEqual(['fileId']);
    const unknownCustomer = await rejection(
      openComplaint(database.db, { customerId: 999_999, subject: 'a', body: 'b' }),
    );
    expect(unknownCustomer.code).toBe('CUSTOMER_NOT_FOUND');
    expect([
      await countRows(database.db, 'complaints'),
      await countRows(database.db, 'complaint_messages'),
    ]).toEqual(before);
  });

  it('goes open → answered → open → closed, with the first reply time kept from the first answer', async () => {
    const customerId = await newCustomer(database.db);
    const opened = await openComplaint(database.db, {
      customerId,
      subject: 'Cetakan belum jadi',
      body: 'Sudah seminggu, cetakan belum bisa diambil.',
      now: wib('2026-11-02', '09:00'),
    });
    const first = await replyToComplaint(database.db, {
      complaintId: opened.id,
      staffId,
      body: 'Mohon maaf, Kak. Besok siang bisa diambil.',
      now: wib('2026-11-02', '09:45'),
    });
    expect(first.complaint.status).toBe('answered');
    expect(first.complaint.firstReplyAt).toEqual(wib('2026-11-02', '09:45'));
    expect(first.complaint.customerId).toBe(customerId);

    const again = await addCustomerMessage(database.db, {
      complaintId: opened.id,
      customerId,
      body: 'Jam berapa, Kak?',
      now: wib('2026-11-02', '10:00'),
    });
    expect(again.complaint.status).toBe('open');

    const second = await replyToComplaint(database.db, {
      complaintId: opened.id,
      staffId,
      body: 'Jam 13.00 ya.',
      now: wib('2026-11-02', '10:30'),
    });
    expect(second.complaint.firstReplyAt).toEqual(wib('2026-11-02', '09:45'));

    const closed = await closeComplaint(database.db, { complaintId: opened.id, staffId });
    expect(closed.status).toBe('closed');
    expect(closed.closedById).toBe(staffId);

    const thread = await getComplaintThread(database.db, opened.id);
    // Not about a booking: no booking is shown on the ticket.
    expect(thread.reservation).toBeNull();
    expect(thread.messages.map((m) => [m.author, m.body])).toEqual([
      ['customer', 'Sudah seminggu, cetakan belum bisa diambil.'],
      ['staff', 'Mohon maaf, Kak. Besok siang bisa diambil.'],
      ['customer', 'Jam berapa, Kak?'],
      ['staff', 'Jam 13.00 ya.'],
    ]);
    expect(thread.messages[1]!.staffName).toBe('Rina');
  });

  it('refuses messages on a closed ticket, a second close, and other customers’ tickets', async () => {
    const customerId = await newCustomer(database.db);
    const stranger = await newCustomer(database.db);
    const complaint = await openComplaint(database.db, {
      customerId,
      subject: 'AC panas',
      body: 'Ruangannya panas.',
    });
    const notTheirs = await rejection(
      addCustomerMessage(database.db, { complaintId: complaint.id, customerId: stranger, body: 'halo' }),
    );
    expect(notTheirs.code).toBe('COMPLAINT_NOT_FOUND');

    await closeComplaint(database.db, { complaintId: complaint.id, staffId });
    const before = await countRows(database.db, 'complaint_messages');
    expect(
      (await rejection(addCustomerMessage(database.db, { complaintId: complaint.id, customerId, body: 'x' })))
        .code,
    ).toBe('COMPLAINT_CLOSED');
    expect(
      (await rejection(replyToComplaint(database.db, { complaintId: complaint.id, staffId, body: 'x' })))
        .code,
    ).toBe('COMPLAINT_CLOSED');
    expect((await rejection(closeComplaint(database.db, { complaintId: complaint.id, staffId }))).code).toBe(
      'ALREADY_DONE',
    );
    expect((await rejection(closeComplaint(database.db, { complaintId: 999_999, staffId }))).code).toBe(
      'COMPLAINT_NOT_FOUND',
    );
    expect(await countRows(database.db, 'complaint_messages')).toBe(before);
  });

  it('lists the inbox by status, most recently active first, page by page without gaps or repeats', async () => {
    const customerId = await newCustomer(database.db, { name: 'Budi Inbox' });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await openComplaint(database.db, {
        customerId,
        subject: `Keluhan ${i}`,
        body: 'isi',
        now: wib('2026-10-01', `1${i}:00`),
      });
      ids.push(c.id);
    }
    // The oldest one gets a new message, so it becomes the most recently active.
    await replyToComplaint(database.db, {
      complaintId: ids[0]!,
      staffId,
      body: 'ok',
      now: wib('2026-10-01', '09:00'),
    });
    await addCustomerMessage(database.db, {
      complaintId: ids[0]!,
      customerId,
      body: 'lagi',
      now: wib('2026-12-31', '23:00'),
    });

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await listComplaints(database.db, { status: 'open', cursor, limit: 2 });
      expect(page.rows.length).toBeLessThanOrEqual(2);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    const mine = seen.filter((id) => ids.includes(id));
    expect(mine).toEqual([ids[0], ids[4], ids[3], ids[2], ids[1]]);
    expect(new Set(seen).size).toBe(seen.length);

    const top = (await listComplaints(database.db, { status: 'open', limit: 1 })).rows[0]!;
    expect(top).toMatchObject({
      id: ids[0],
      customerName: 'Budi Inbox',
      messageCount: 3,
      lastAuthor: 'customer',
    });
    expect(top.lastMessageAt).toEqual(wib('2026-12-31', '23:00'));

    const answered = await listComplaints(database.db, { status: 'answered' });
    expect(answered.rows.every((r) => r.status === 'answered')).toBe(true);
    expect((await listCustomerComplaints(database.db, customerId)).map((c) => c.id)).toEqual(
      [...ids].reverse(),
    );
  });

  it('pages past tickets active in the same millisecond without skipping one', async () => {
    const customerId = await newCustomer(database.db, { name: 'Sari Mikro' });
    const first = await openComplaint(database.db, { customerId, subject: 'Satu', body: 'isi' });
    const second = await openComplaint(database.db, { customerId, subject: 'Dua', body: 'isi' });
    // 0.1 ms apart: a cursor cut to JS milliseconds would put both behind the first page's end.
    await database.db.execute(sql`update complaints set updated_at = case id
      when ${first.id}::int then '2030-01-01 00:00:00.000400+00'::timestamptz
      else '2030-01-01 00:00:00.000300+00'::timestamptz end
      where id in (${first.id}::int, ${second.id}::int)`);
    const page1 = await listComplaints(database.db, { limit: 1 });
    const page2 = await listComplaints(database.db, { limit: 1, cursor: page1.nextCursor });
    expect([page1.rows[0]?.id, page2.rows[0]?.id]).toEqual([first.id, second.id]);
  });

  it('refuses a cursor it did not make and a page size out of range', async () => {
    expect((await rejection(listComplaints(database.db, { cursor: 'bogus' }))).code).toBe('CURSOR_INVALID');
    expect((await rejection(listComplaints(database.db, { limit: 1000 }))).fields[0]?.field).toBe('limit');
  });
});
