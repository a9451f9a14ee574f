/**
 * Child process of bench/chat/main.ts: the product's Telegram bot in webhook mode on the real Postgres,
 * behind the same Hono/node-server stack `npm start` uses. Prints "READY <port>" once the webhook is set.
 */
import { Hono } from 'hono';
import pino from 'pino';
import { listen } from '../../admin-web/http.ts';
import { createTelegramBot } from '../../bots/telegram/index.ts';
import { openDatabase } from '../../db/client.ts';
import { createReadCache } from '../../src/settings/index.ts';

interface Args {
  databaseUrl: string;
  apiRoot: string;
  token: string;
  secret: string;
  botInfo: Parameters<typeof createTelegramBot>[0]['botInfo'];
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const database = await openDatabase({ kind: 'url', url: args.databaseUrl }, { max: 20 });
const telegram = createTelegramBot({
  db: database.db,
  token: args.token,
  apiRoot: args.apiRoot,
  ...(args.botInfo ? { botInfo: args.botInfo } : {}),
  timeZone: 'Asia/Jakarta',
  defaultLocale: 'id',
  log: pino({ level: 'warn' }),
  cache: createReadCache(),
});
const app = new Hono();
app.route('/telegram', telegram.webhookApp(args.secret));
const server = await listen(app, { host: '127.0.0.1', port: 0 });
await telegram.setWebhook(`http://127.0.0.1:${server.port}/telegram/webhook`, args.secret);
console.log(`READY ${server.port}`);

process.once('SIGTERM', async () => {
  await server.close();
  await database.close();
  process.exit(0);
});
