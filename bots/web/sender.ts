import type { DbOrTx } from '../../db/client.ts';
import { webMessages } from '../../db/schema/index.ts';
import type { ChannelSender } from '../../src/messaging/delivery.ts';
import { chatThreadName } from '../../src/messaging/threads.ts';

/** "Delivers" to the web chat by storing the message; the /chat page shows it on its next poll. */
export function createWebSender(options: { db: DbOrTx }): ChannelSender {
  return {
    channel: 'web',
    async deliver(target, message) {
      const [row] = await options.db
        .insert(webMessages)
        .values({
          thread: chatThreadName({ channel: 'web', externalId: target.externalId }),
          direction: 'out',
          payload: { ...message },
        })
        .returning({ id: webMessages.id });
      return { messageRef: String(row!.id) };
    },
  };
}
