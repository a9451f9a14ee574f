import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { channelIdentities, customers, type Channel } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import { createQueues, type Queues } from '../../workers/queues.ts';
import { createTestDatabase, type TestDatabase, uniqueQueuePrefix } from '../helpers/db.ts';
import { testServices } from '../helpers/services.ts';
import { createTelegramEmulator, type TelegramEmulator } from '../fakes/telegram-api.ts';

/** One test file's world: its own database, queue prefix and Telegram emulator. */
export interface WorkersHarness {
  database: TestDatabase;
  db: Db;
  queues: Queues;
  prefix: string;
  redisUrl: string;
  tg: TelegramEmulator;
  log: pino.Logger;
  close(): Promise<void>;
}

export async function createWorkersHarness(label: string): Promise<WorkersHarness> {
  const database = await createTestDatabase();
  const prefix = uniqueQueuePrefix(label);
  const queues = createQueues({ redisUrl: testServices.redisUrl, prefix });
  const tg = createTelegramEmulator();
  await tg.start();
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  return {
    database,
    db: database.db,
    queues,
    prefix,
    redisUrl: testServices.redisUrl,
    tg,
    log,
    async close() {
      for (const queue of queues.all()) await queue.obliterate({ force: true }).catch(() => undefined);
      await queues.close();
      await tg.stop();
      await database.drop();
    },
  };
}

let chatCounter = 10_000 + Math.floor(Math.random() * 1000);

/** A customer with one chat identity; Telegram chat ids are unique numbers per call. */
export async function addCustomer(
  db: Db,
  options: {
    channel?: Channel;
    externalId?: string;
    promoOptIn?: boolean;
    locale?: 'id' | 'en';
    name?: string;
  } = {},
) {
  const channel = options.channel ?? 'telegram';
  chatCounter += 1;
  const generated =
    channel === 'telegram'
      ? String(chatCounter)
      : channel === 'web'
        ? randomBytes(8).toString('hex')
        : `62812${chatCounter}@c.us`;
  const externalId = options.externalId ?? generated;
  const [customer] = await db
    .insert(customers)
    .values({
      name: options.name ?? 'Sari Pelanggan',
      referralCode: randomBytes(5).toString('hex').toUpperCase(),
      promoOptIn: options.promoOptIn ?? true,
      locale: options.locale ?? 'id',
    })
    .returning();
  await db.insert(channelIdentities).values({ customerId: customer!.id, channel, externalId });
  return { customer: customer!, channel, externalId };
}

export async function identityOf(db: Db, customerId: number) {
  return db.select().from(channelIdentities).where(eq(channelIdentities.customerId, customerId));
}

/** Customers in bulk (one INSERT per 1,000), each with a Telegram identity. */
export async function addTelegramCustomers(
  db: Db,
  count: number,
  options: { promoOptIn?: (i: number) => boolean } = {},
) {
  const ids: { customerId: number; chatId: string }[] = [];
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    const rows = await db
      .insert(customers)
      .values(
        Array.from({ length: size }, (_, i) => ({
          name: `Pelanggan ${start + i}`,
          referralCode: randomBytes(6).toString('hex').toUpperCase(),
          promoOptIn: options.promoOptIn?.(start + i) ?? true,
        })),
      )
      .returning({ id: customers.id });
    const chats = rows.map((row) => ({ customerId: row.id, chatId: String(5_000_000 + row.id) }));
    await db
      .insert(channelIdentities)
      .values(
        chats.map((c) => ({ customerId: c.customerId, channel: 'telegram' as const, externalId: c.chatId })),
      );
    ids.push(...chats);
  }
  return ids;
}
