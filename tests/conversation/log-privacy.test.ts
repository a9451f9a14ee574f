import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { t } from '../../src/i18n/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { chat, testRuntime } from './driver.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoStudio(database.db);
});
afterAll(() => database.drop());

/** The root logger as production builds it, writing its JSON lines here instead of to stdout. */
function capturedLogger() {
  const lines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { log, output: () => lines.join('') };
}

const NAME = 'Kinanti Larasati';
const PHONE = '+6281277005301';

describe('logs carry ids, never what customers wrote or their phone numbers', () => {
  it('a chat step that fails on a write holding the customer’s name and phone: logged, without either', async () => {
    // The database refuses every new customer, so registration's last step fails inside its INSERT,
    // whose parameters (drizzle puts them in its error message) are the name and phone typed in chat.
    await database.db.execute(sql`
      create function refuse_customers() returns trigger language plpgsql as $$
      begin raise exception 'customers are closed for this test'; end $$`);
    await database.db.execute(
      sql`create trigger refuse_customers before insert on customers for each row execute function refuse_customers()`,
    );
    try {
      const { log, output } = capturedLogger();
      const c = chat(testRuntime(database.db, { log }), '5301');
      await c.command('start');
      await c.text(NAME);
      await c.send({ type: 'contact', phone: PHONE, own: true });
      await c.tap('Lewati');
      await c.tap('Lewati');
      expect(c.said).toContain(t('id', 'errors.INTERNAL'));

      const lines = output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const failed = lines.find((line) => line.msg === 'chat step failed');
      // The failure is there to follow: its step, channel, the SQL and Postgres's own message.
      expect(failed).toMatchObject({ level: 50, channel: 'telegram', step: 'reg.address', customerId: null });
      expect(JSON.stringify(failed)).toContain('insert into \\"customers\\"');
      expect(JSON.stringify(failed)).toContain('customers are closed for this test');
      // Nothing of what the customer typed or shared, in any form.
      for (const secret of [NAME, 'Kinanti', PHONE, '81277005301', '0812 7700 5301']) {
        expect(output()).not.toContain(secret);
      }
    } finally {
      await database.db.execute(sql`drop trigger refuse_customers on customers`);
      await database.db.execute(sql`drop function refuse_customers()`);
    }
  });

  it('a unique phone refused by Postgres: constraint and table kept, the phone (in detail and params) left out', async () => {
    const phone = '+6281277005302';
    await database.db.insert(customers).values({ name: 'Pertama', phone, referralCode: 'LOGP0001' });
    const error = await database.db
      .insert(customers)
      .values({ name: 'Kedua Rahasia', phone, referralCode: 'LOGP0002' })
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    // What the raw error holds, and what would reach the log without the serializer.
    const cause = (error as { cause?: { detail?: string } }).cause;
    expect(cause?.detail).toContain('81277005302');
    expect(String((error as Error).message)).toContain('Kedua Rahasia');

    const { log, output } = capturedLogger();
    log.error({ err: error, customerId: 1 }, 'could not save');
    const [line] = output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { err: { type: string; cause: Record<string, unknown> } });
    expect(line!.err.type).toBe('DrizzleQueryError');
    expect(line!.err.cause).toMatchObject({ type: 'PostgresError', code: '23505', table_name: 'customers' });
    expect(String(line!.err.cause.constraint_name)).toContain('phone');
    expect(output()).not.toContain('81277005302');
    expect(output()).not.toContain('Kedua Rahasia');
  });

  it('well-known fields are redacted where a log site passes them anyway', () => {
    const { log, output } = capturedLogger();
    log.info(
      { phone: '+6281277005303', text: 'alamat saya di Jl. Rahasia', input: { text: 'isi keluhan' } },
      'oops',
    );
    const line = JSON.parse(output()) as Record<string, unknown>;
    expect(line).toMatchObject({ phone: '[redacted]', text: '[redacted]', input: { text: '[redacted]' } });
    expect(output()).not.toMatch(/81277005303|Rahasia|keluhan/);
  });
});
