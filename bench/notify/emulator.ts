/**
 * The Telegram Bot API emulator in its own process for the notification bench. Started with fork():
 * { cmd: 'arrivals' } answers each message received as [chatId, Date.now() on arrival, text].
 */
import { createTelegramEmulator } from '../../tests/fakes/telegram-api.ts';

const tg = createTelegramEmulator();
const apiRoot = await tg.start();

process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'arrivals') {
    process.send?.({ arrivals: tg.allSent().map((m) => [m.chatId, m.time, m.text ?? '']) });
  } else if (message.cmd === 'stop') {
    void tg.stop().then(() => process.exit(0));
  }
});
process.send?.({ apiRoot, token: tg.token });
