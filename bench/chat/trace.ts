/**
 * Where a chat step's database work goes: walks one customer through the booking journey the bench
 * uses (menu → Reservasi → package → date → slot → add-ons → summary → Batal) with runTurn on the real
 * Postgres, and prints per step the SQL statements sent and the socket writes they took. A write is a
 * system call that on loopback TCP also runs the receiving side of the network stack in this process,
 * so writes (round trips) cost the bot more CPU than statements batched into one write.
 *
 * Run: tsx bench/chat/trace.ts [--sql]   (--sql also prints each statement)
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type ChatInput, createSessionCache, runTurn } from '../../bots/conversation/index.ts';
import type { Db } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { openDatabase } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { seedDemoStudio } from '../../db/seed.ts';
import { registerCustomer } from '../../src/customers/index.ts';
import { createReadCache } from '../../src/settings/index.ts';
import { systemClock } from '../../src/time.ts';
import { testServices } from '../../tests/helpers/services.ts';

const printSql = process.argv.includes('--sql');
const name = `potret_trace_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const admin = postgres(testServices.adminDatabaseUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${name}"`);
const url = testServices.databaseUrlFor(name);

let statements: string[] = [];
let writes = 0;
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, ...args: Parameters<typeof write>) {
  if (this.remotePort === 5432) writes++;
  return write.apply(this, args);
} as typeof write;

try {
  const setup = await openDatabase({ kind: 'url', url }, { max: 2 });
  await runMigrations(setup);
  await seedDemoStudio(setup.db);
  await registerCustomer(setup.db, { channel: 'telegram', externalId: '1', name: 'Tracer', phone: '+6281299000001' });
  await setup.close();

  // One connection, so from the second round on every statement is prepared, as in a warm bot.
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    connection: { jit: 'off' },
    debug: (_connection, query) => statements.push(query.replace(/\s+/g, ' ').slice(0, 160)),
  });
  const db: Db = drizzle(client, { schema });
  // As the Telegram face runs: one read cache for all turns (settings and catalog, ≤ 30 s old).
  const runtime = {
    db,
    clock: systemClock,
    timeZone: 'Asia/Jakarta',
    defaultLocale: 'id' as const,
    cache: createReadCache(),
    sessions: createSessionCache(),
  };
  let lastChoices: string[] = [];
  let updateId = 0;
  const step = async (label: string, input: ChatInput) => {
    statements = [];
    writes = 0;
    const started = performance.now();
    const result = await runTurn(runtime, { channel: 'telegram', externalId: '1', updateId: `t:${updateId++}`, input });
    const ms = performance.now() - started;
    lastChoices = result.replies.flatMap((r) => (r.type === 'askContact' ? [] : (r.choices ?? []).flat().map((c) => c.id)));
    console.log(`${label.padEnd(10)} ${String(statements.length).padStart(3)} statements ${String(writes).padStart(3)} writes ${ms.toFixed(1).padStart(6)} ms  → ${result.session.step}`);
    if (printSql) for (const s of statements) console.log(`           ${s}`);
  };
  const pick = (prefix: string) => lastChoices.find((id) => id.startsWith(prefix)) ?? 'x';
  for (let round = 0; round < 3; round++) {
    if (round > 0) console.log(`--- again (round ${round + 1}: statements prepared on the connection)`);
    await step('/menu', { type: 'command', name: 'menu' });
    await step('m:bk', { type: 'choice', id: 'm:bk' });
    await step('bk:p', { type: 'choice', id: pick('bk:p:') });
    await step('bk:d', { type: 'choice', id: pick('bk:d:') });
    await step('bk:s', { type: 'choice', id: pick('bk:s:') });
    if (lastChoices.includes('bk:a:next')) await step('bk:a:next', { type: 'choice', id: 'bk:a:next' });
    if (lastChoices.includes('bk:pt:0')) await step('bk:pt', { type: 'choice', id: 'bk:pt:0' });
    await step('x', { type: 'choice', id: 'x' });
  }
  await client.end();
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
