import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, customers } from '../../db/schema/index.ts';
import { ensureStudioSettings } from '../../db/defaults.ts';
import { deliveryTarget, linkIdentity, registerCustomer, touchIdentity } from '../../src/customers/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await ensureStudioSettings(database.db);
});
afterAll(async () => {
  await database?.drop();
});

const seenAt = async (externalId: string) => {
  const [row] = await database.db
    .select({ at: channelIdentities.lastSeenAt })
    .from(channelIdentities)
    .where(eq(channelIdentities.externalId, externalId));
  return row!.at;
};

describe('touchIdentity', () => {
  it('follows the chat the customer wrote on last, even seconds apart, without rewriting a quiet chat', async () => {
    const { customer } = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '7001',
      name: 'Dewi',
      phone: '081270099001',
    });
    await linkIdentity(database.db, { customerId: customer.id, channel: 'web', externalId: 'cookie-7001' });
    const t0 = new Date(Date.now() + 1000);
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

    await touchIdentity(database.db, 'telegram', '7001', at(0));
    expect(await deliveryTarget(database.db, customer.id)).toEqual({ channel: 'telegram', externalId: '7001' });
    await touchIdentity(database.db, 'web', 'cookie-7001', at(2));
    expect(await deliveryTarget(database.db, customer.id)).toEqual({ channel: 'web', externalId: 'cookie-7001' });
    await touchIdentity(database.db, 'telegram', '7001', at(4));
    expect(await deliveryTarget(database.db, customer.id)).toEqual({ channel: 'telegram', externalId: '7001' });

    // Already the newest chat, seen 10 s ago: nothing is written.
    await touchIdentity(database.db, 'telegram', '7001', at(14));
    expect(await seenAt('7001')).toEqual(at(4));
    // A minute later it is written again, and the customer counts as active then.
    await touchIdentity(database.db, 'telegram', '7001', at(70));
    expect(await seenAt('7001')).toEqual(at(70));
    const [row] = await database.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.lastActiveAt).toEqual(at(70));
  });

  it('makes a chat that blocked us reachable again at once', async () => {
    const { customer } = await registerCustomer(database.db, {
      channel: 'telegram',
      externalId: '7002',
      name: 'Rina',
      phone: '081270099002',
    });
    await database.db
      .update(channelIdentities)
      .set({ unreachableAt: new Date() })
      .where(eq(channelIdentities.externalId, '7002'));
    expect(await deliveryTarget(database.db, customer.id)).toBeUndefined();
    await touchIdentity(database.db, 'telegram', '7002');
    expect(await deliveryTarget(database.db, customer.id)).toEqual({ channel: 'telegram', externalId: '7002' });
  });
});
