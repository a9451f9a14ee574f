import type { Db } from '../../db/client.ts';
import { listProducts } from '../../src/catalog/index.ts';
import { createCustomerByStaff, registerCustomer } from '../../src/customers/index.ts';
import {
  addCustomerMessage,
  listRateableItems,
  openComplaint,
  rateItem,
  replyToComplaint,
} from '../../src/feedback/index.ts';
import {
  cancelReservation,
  completeReservation,
  confirmReservation,
  createReservation,
  submitProof,
} from '../../src/reservations/index.ts';
import { addDays, localDateOf, zonedTimeToInstant } from '../../src/time.ts';
import { jpeg, TZ } from './harness.ts';

const HOUR = 3_600_000;

const names = [
  'Sari Wulandari',
  'Budi Santoso',
  'Dewi Lestari',
  'Rizky Pratama',
  'Nurul Hidayah',
  'Agus Salim',
  'Putri Ayu Lestari',
  'Hendra Gunawan',
  'Fitri Handayani',
  'Yusuf Maulana',
  'Maya Anggraini',
  'Andi Saputra',
];

/**
 * A small but believable studio for screenshots: bookings in every state over the past weeks and the
 * coming days, proofs waiting, ratings with comments, complaints open and answered.
 */
export async function seedStudioLife(db: Db, now: Date, staffId: number): Promise<void> {
  const packages = (await listProducts(db, { kind: 'package' })).filter((p) => p.durationMinutes <= 120);
  const today = localDateOf(now, TZ);
  const customers: Array<Awaited<ReturnType<typeof registerCustomer>>['customer']> = [];
  for (const [i, name] of names.entries()) {
    const phone = `+62812${String(33000000 + i * 7919).padStart(8, '0')}`;
    const channel = i % 3 === 0 ? 'telegram' : i % 3 === 1 ? 'whatsapp' : 'web';
    const externalId = channel === 'whatsapp' ? `${phone.slice(1)}@c.us` : `${channel}-demo-${i}`;
    customers.push((await registerCustomer(db, { channel, externalId, name, phone })).customer);
  }
  await createCustomerByStaff(db, { name: 'Ibu Ratna (walk-in)', phone: '081299887766' });
  const times = ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'];
  let n = 0;
  const book = async (dayOffset: number, customerIndex: number, created: Date) => {
    const customer = customers[customerIndex % customers.length]!;
    const product = packages[n % packages.length]!;
    const day = addDays(today, dayOffset);
    const time = times[n % times.length]!;
    n += 1;
    const startAt = zonedTimeToInstant(day, dayOffset === 0 && n % 7 === 0 ? '10:00' : time, TZ);
    try {
      const { reservation } = await createReservation(db, {
        customerId: customer.id,
        productId: product.id,
        startAt,
        channel: 'web',
        now: created,
        timeZone: TZ,
      });
      return reservation;
    } catch {
      return undefined;
    }
  };
  // The past: completed sessions (rated), some cancelled.
  for (let d = -40; d < 0; d += 3) {
    const created = zonedTimeToInstant(addDays(today, d - 5), '10:00', TZ);
    const r = await book(d, n, created);
    if (!r) continue;
    await submitProof(db, {
      reservationId: r.id,
      customerId: r.customerId,
      data: await jpeg(),
      now: created,
    });
    if (n % 6 === 0) {
      await cancelReservation(db, {
        reservationId: r.id,
        by: 'customer',
        customerId: r.customerId,
        reason: 'Berhalangan hadir',
        now: created,
      });
      continue;
    }
    await confirmReservation(db, { reservationId: r.id, staffId, now: created });
    await completeReservation(db, { reservationId: r.id, staffId, now: r.endAt });
  }
  const comments = [
    'Hasilnya bagus banget, makasih kak!',
    'Fotografernya ramah, anak saya nyaman.',
    '',
    'Agak lama menunggu editannya.',
    'Mantap, pasti balik lagi.',
  ];
  let k = 0;
  for (const customer of customers) {
    for (const item of await listRateableItems(db, customer.id)) {
      const stars = [5, 5, 4, 3, 5, 4][k % 6]!;
      const comment = comments[k % comments.length];
      k += 1;
      await rateItem(db, {
        customerId: customer.id,
        reservationItemId: item.reservationItemId,
        stars,
        ...(comment ? { comment } : {}),
        now: new Date(item.startAt.getTime() + 3 * HOUR),
      }).catch(() => undefined);
    }
  }
  // Today and the coming week: confirmed, waiting for confirmation, waiting for payment.
  for (let d = 0; d <= 6; d++) {
    for (let j = 0; j < (d === 0 ? 4 : 2); j++) {
      const r = await book(d, n + j, now);
      if (!r) continue;
      if ((n + j) % 3 !== 2) {
        await submitProof(db, {
          reservationId: r.id,
          customerId: r.customerId,
          data: await jpeg(480, 640, '#6b8fb5'),
          now,
        });
        if ((n + j) % 3 === 0) await confirmReservation(db, { reservationId: r.id, staffId, now });
      }
    }
  }
  const c1 = await openComplaint(db, {
    customerId: customers[1]!.id,
    subject: 'Foto belum dikirim',
    body: 'Kak, file foto wisuda saya belum masuk ke email. Sudah 5 hari.',
    now: new Date(now.getTime() - 26 * HOUR),
  });
  await replyToComplaint(db, {
    complaintId: c1.id,
    staffId,
    body: 'Mohon maaf Kak Budi, kami kirim ulang hari ini ya.',
    now: new Date(now.getTime() - 25 * HOUR),
  });
  await addCustomerMessage(db, {
    complaintId: c1.id,
    customerId: customers[1]!.id,
    body: 'Baik kak, saya tunggu. Terima kasih.',
    now: new Date(now.getTime() - 24 * HOUR),
  });
  await openComplaint(db, {
    customerId: customers[4]!.id,
    subject: 'Warna cetakan pudar',
    body: 'Cetakan 10R saya warnanya agak pudar dibanding di layar.',
    now: new Date(now.getTime() - 3 * HOUR),
  });
  const c3 = await openComplaint(db, {
    customerId: customers[6]!.id,
    subject: 'Parkir penuh',
    body: 'Tadi susah parkir, mungkin bisa diinfokan parkir alternatif.',
    now: new Date(now.getTime() - 2 * HOUR),
  });
  await replyToComplaint(db, {
    complaintId: c3.id,
    staffId,
    body: 'Terima kasih masukannya Kak, ada parkir di belakang ruko sebelah.',
    now: new Date(now.getTime() - HOUR),
  });
}
