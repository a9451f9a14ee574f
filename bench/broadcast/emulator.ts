/**
 * The Telegram emulator in its own process for the broadcast bench. Started with fork(): answers IPC
 * messages { cmd: 'limit', perSecond } and { cmd: 'stats', since } with the send times it saw.
 */
import { createTelegramEmulator } from '../../tests/fakes/telegram-api.ts';

const tg = createTelegramEmulator();
const apiRoot = await tg.start();

process.on('message', (message: { cmd: string; perSecond?: number; since?: number }) => {
  if (message.cmd === 'limit') {
    tg.enforceRateLimit(message.perSecond);
    process.send?.({ ok: true });
  } else if (message.cmd === 'stats') {
    const since = message.since ?? 0;
    const sends = tg.calls.filter((c) => c.time >= since && c.method === 'sendMessage');
    process.send?.({
      ok: sends.filter((c) => c.status === 200).map((c) => c.time),
      rateLimited: sends.filter((c) => c.status === 429).length,
      chats: new Set(tg.allSent().map((m) => m.chatId)).size,
      messages: tg.allSent().length,
    });
  } else if (message.cmd === 'clear') {
    tg.clear();
    process.send?.({ ok: true });
  } else if (message.cmd === 'stop') {
    void tg.stop().then(() => process.exit(0));
  }
});
process.send?.({ apiRoot, token: tg.token });
