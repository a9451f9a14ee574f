import { createServer } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTelegram } from '../../bots/telegram/index.ts';
import { createTelegramEmulator } from '../fakes/telegram-api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

/** A logger whose lines the test reads (level and message). */
function recordingLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const said = (level: 'info' | 'warn', text: string) =>
    lines.some((line) => line.level === pino.levels.values[level] && line.msg.includes(text));
  return { log, lines, said };
}

/** A port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** `unreachableAfterSeconds`: how long start-up waits for Telegram before it warns. */
const start = (apiRoot: string, token: string, log: pino.Logger, unreachableAfterSeconds = 0.3) =>
  startTelegram({
    config: { enabled: true, token, apiRoot, mode: 'polling', ratePerSecond: 30 },
    db: database.db,
    log,
    timeZone: 'Asia/Jakarta',
    defaultLocale: 'id',
    publicUrl: undefined,
    runsBot: true,
    servesWeb: false,
    unreachableAfterSeconds,
  });

it('warns the owner when Telegram cannot be reached, without holding up the start', async () => {
  const apiRoot = `http://127.0.0.1:${await closedPort()}`;
  const { log, said } = recordingLog();
  const telegram = start(apiRoot, '123456789:unreachable', log);
  await expect.poll(() => said('warn', `telegram not connected: ${apiRoot}`), { timeout: 5_000 }).toBe(true);
  expect(said('info', 'telegram connected')).toBe(false);
  await telegram.stop();
});

it('says when the bot is connected, and does not warn', async () => {
  const tg = createTelegramEmulator();
  await tg.start();
  const { log, said } = recordingLog();
  // 2 s to connect: a loaded machine can take longer than the 0.3 s the unreachable case uses.
  const telegram = start(tg.apiRoot, tg.token, log, 2);
  try {
    await expect.poll(() => said('info', 'telegram connected (polling)'), { timeout: 5_000 }).toBe(true);
    // Past the 2 s: a warning timer left running after the connection would have spoken by now.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(said('warn', 'telegram not connected')).toBe(false);
  } finally {
    await telegram.stop();
    await tg.stop();
  }
});
