import { Hono } from 'hono';
import sharp from 'sharp';
import { afterAll, beforeAll, expect } from 'vitest';
import { createAdminApp } from '../../admin-web/app.tsx';
import type { AdminNotifier, BroadcastRunner, WhatsappStatus } from '../../admin-web/env.ts';
import type { Db } from '../../db/client.ts';
import { ensureStudioSettings } from '../../db/defaults.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { cancelBroadcast } from '../../src/broadcasts/index.ts';
import { listProducts } from '../../src/catalog/index.ts';
import { registerCustomer } from '../../src/customers/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createReservation, submitProof } from '../../src/reservations/index.ts';
import { createStaff } from '../../src/staff/index.ts';
import { addDays, localDateOf, zonedTimeToInstant } from '../../src/time.ts';
import { testNow } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Agent, PASSWORD } from './agent.ts';

export { Agent, PASSWORD };

export const TZ = 'Asia/Jakarta';

export interface NotifierCall {
  kind: keyof AdminNotifier;
  args: unknown[];
}
/** Records what the admin asked to tell customers; the real one writes outbox rows on the action's transaction. */
export function recordingNotifier(): AdminNotifier & { calls: NotifierCall[] } {
  const calls: NotifierCall[] = [];
  const record =
    (kind: keyof AdminNotifier) =>
    async (_tx: unknown, ...args: unknown[]): Promise<'queued'> => {
      // The first argument is the action's transaction; what the customer is told follows it.
      calls.push({ kind, args });
      return 'queued';
    };
  return {
    calls,
    reservationConfirmed: record('reservationConfirmed'),
    reservationCancelled: record('reservationCancelled'),
    reservationCompleted: record('reservationCompleted'),
    reservationRescheduled: record('reservationRescheduled'),
    complaintReplied: record('complaintReplied'),
    chatLinked: record('chatLinked'),
  };
}
export interface Harness {
  database: TestDatabase;
  app: Hono;
  notifier: ReturnType<typeof recordingNotifier>;
  broadcastCalls: Array<{ op: 'start' | 'cancel'; id: number }>;
  staff: { owner: number; admin: number; staff: number };
  now: () => Date;
  setNow: (instant: Date) => void;
  close: () => Promise<void>;
}
export type HarnessOptions = Parameters<typeof createHarness>[0];

export async function createHarness(
  options: {
    seed?: boolean;
    whatsappStatus?: () => Promise<WhatsappStatus>;
    broadcasts?: boolean;
    queueDashboard?: Hono;
    /** The app's notifier on the file's database instead of the recording one (a real one over the outbox). */
    notifier?: (db: Db) => AdminNotifier;
  } = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  await ensureStudioSettings(database.db);
  if (options.seed !== false) await seedDemoStudio(database.db);
  const owner = await createStaff(database.db, {
    email: 'owner@studio.test',
    name: 'Bu Owner',
    role: 'owner',
    password: PASSWORD,
  });
  const admin = await createStaff(database.db, {
    email: 'admin@studio.test',
    name: 'Mas Admin',
    role: 'admin',
    password: PASSWORD,
  });
  const staff = await createStaff(database.db, {
    email: 'rina@studio.test',
    name: 'Rina',
    role: 'staff',
    password: PASSWORD,
  });
  let now = testNow();
  const notifier = recordingNotifier();
  const broadcastCalls: Harness['broadcastCalls'] = [];
  const runner: BroadcastRunner = {
    start: async (id) => void broadcastCalls.push({ op: 'start', id }),
    // As the workers' control does: the campaign is cancelled in the database (queued sends aside).
    cancel: async (id) => {
      broadcastCalls.push({ op: 'cancel', id });
      await cancelBroadcast(database.db, id);
    },
  };
  const adminApp = createAdminApp({
    db: database.db,
    log: createLogger({ level: process.env.ADMIN_TEST_LOG ?? 'silent' }),
    notifier: options.notifier?.(database.db) ?? notifier,
    secureCookies: false,
    timeZone: TZ,
    clock: () => now,
    ...(options.broadcasts === false ? {} : { broadcasts: runner }),
    ...(options.whatsappStatus ? { whatsappStatus: options.whatsappStatus } : {}),
    ...(options.queueDashboard ? { queueDashboard: options.queueDashboard } : {}),
  });
  const app = new Hono();
  app.route('/admin', adminApp);
  return {
    database,
    app,
    notifier,
    broadcastCalls,
    staff: { owner: owner.id, admin: admin.id, staff: staff.id },
    now: () => now,
    setNow: (instant) => {
      now = instant;
    },
    close: () => database.drop(),
  };
}
export async function loggedIn(app: Hono, email: string, ip?: string): Promise<Agent> {
  const agent = new Agent(app, ip);
  const response = await agent.login(email);
  if (response.status !== 303) throw new Error(`login as ${email} failed: ${response.status}`);
  return agent;
}
/** A test file's harness and the people its tests act as, each signed in from their own address. */
export class FileHarness {
  h!: Harness;
  owner!: Agent;
  admin!: Agent;
  rina!: Agent;
}

/**
 * The usual set-up of a test file: a fresh database and app before its first test, the owner, an admin
 * and Rina (front desk) signed in, and the database dropped after its last test.
 */
export function harnessForFile(options: HarnessOptions = {}): FileHarness {
  const file = new FileHarness();
  beforeAll(async () => {
    file.h = await createHarness(options);
    file.owner = await loggedIn(file.h.app, 'owner@studio.test', '10.0.0.1');
    file.admin = await loggedIn(file.h.app, 'admin@studio.test', '10.0.0.2');
    file.rina = await loggedIn(file.h.app, 'rina@studio.test', '10.0.0.3');
  });
  afterAll(() => file.h.close());
  return file;
}

/** A refused form: the status, and each field's message next to it in the page. Returns the page. */
export async function expectFieldErrors(
  response: Response,
  status: number,
  fields: Record<string, string>,
): Promise<string> {
  expect(response.status).toBe(status);
  const html = await response.text();
  for (const [field, message] of Object.entries(fields))
    expect(html).toContain(`data-field="${field}">${message}`);
  return html;
}

/** The id of the record a POST created, from its redirect to `/admin/<area>/<id>`. */
export function createdId(response: Response): number {
  const match = /\/admin\/\w+\/(\d+)/.exec(response.headers.get('location') ?? '');
  if (!match)
    throw new Error(`no record id in redirect: ${response.status} ${response.headers.get('location')}`);
  return Number(match[1]);
}
/** A small real JPEG, as a phone camera would send (content checked by magic bytes). */
export async function jpeg(width = 64, height = 48, color = '#c08040'): Promise<Uint8Array<ArrayBuffer>> {
  return Uint8Array.from(
    await sharp({ create: { width, height, channels: 3, background: color } })
      .jpeg()
      .toBuffer(),
  );
}
let phoneCounter = 100000;
/** A customer met in the web chat, with a booking for `daysAhead` days at 10:00 whose proof is waiting. */
export async function bookingWithProof(
  h: Harness,
  options: { name?: string; daysAhead?: number; time?: string; proof?: boolean } = {},
) {
  const db = h.database.db;
  phoneCounter += 1;
  const { customer } = await registerCustomer(db, {
    channel: 'web',
    externalId: `web-${phoneCounter}`,
    name: options.name ?? 'Sari Wulandari',
    phone: `+6281277${phoneCounter}`,
  });
  const products = await listProducts(db, { kind: 'package' });
  const product = products.find((p) => p.durationMinutes <= 60) ?? products[0]!;
  const day = addDays(localDateOf(h.now(), TZ), options.daysAhead ?? 3);
  const startAt = zonedTimeToInstant(day, options.time ?? '10:00', TZ);
  const { reservation } = await createReservation(db, {
    customerId: customer.id,
    productId: product.id,
    startAt,
    channel: 'web',
    now: h.now(),
    timeZone: TZ,
  });
  if (options.proof !== false) {
    await submitProof(db, {
      reservationId: reservation.id,
      customerId: customer.id,
      data: await jpeg(),
      now: h.now(),
    });
  }
  return { customer, reservation, product };
}
