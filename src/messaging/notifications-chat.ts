import { t } from '../i18n/index.ts';
import { getSettings } from '../settings/settings.ts';
import type { Notifier } from './notifier.ts';
import { type NotifierKit, nothing } from './notifier-kit.ts';
import { eventKey } from './outbox.ts';

export type ChatNotices = Pick<Notifier, 'notifyChatLinked'>;

/** Messages about the chat itself, sent to one known chat rather than the customer's latest. */
export function chatNotices(kit: NotifierKit): ChatNotices {
  const { db, outbox, person } = kit;
  return {
    async notifyChatLinked(customerId, chat) {
      const who = await person(customerId);
      if (!who) return nothing;
      const { studioName } = await getSettings(db);
      const text = t(who.locale, 'chat.register.staff.linked', { studio: studioName, name: who.name });
      // By its address: the text says "this chat", whichever chat the customer's latest would be.
      return outbox.sendToThread(
        chat.channel,
        chat.externalId,
        { type: 'text', text },
        {
          customerId,
          dedupeKey: eventKey('linked', customerId, chat.channel, chat.externalId),
          kind: 'notification',
        },
      );
    },
  };
}
