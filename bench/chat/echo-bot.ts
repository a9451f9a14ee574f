/**
 * Child process of bench/chat/main.ts: a bare grammY echo bot in webhook mode on the same HTTP stack,
 * the yardstick for the product bot's throughput. Prints "READY <port>".
 */
import { Bot, webhookCallback } from 'grammy';
import { Hono } from 'hono';
import { listen } from '../../admin-web/http.ts';

interface Args {
  apiRoot: string;
  token: string;
  secret: string;
  botInfo: ConstructorParameters<typeof Bot>[1] extends infer O ? (O extends { botInfo?: infer B } ? B : never) : never;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const bot = new Bot(args.token, { client: { apiRoot: args.apiRoot }, botInfo: args.botInfo });
bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
const app = new Hono();
const callback = webhookCallback(bot, 'hono', { secretToken: args.secret });
app.post('/telegram/webhook', (c) => callback(c));
const server = await listen(app, { host: '127.0.0.1', port: 0 });
await bot.api.setWebhook(`http://127.0.0.1:${server.port}/telegram/webhook`, { secret_token: args.secret });
console.log(`READY ${server.port}`);

process.once('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});
