import type { DbOrTx } from '../../db/client.ts';
import type { Channel } from '../../db/schema/index.ts';
import { careNotices } from './notifications-care.ts';
import { chatNotices } from './notifications-chat.ts';
import { reservationNotices } from './notifications-reservations.ts';
import type { Notifier } from './notifier.ts';
import { type NotifierDeps, notifierKit } from './notifier-kit.ts';
import { createOutbox } from './outbox.ts';

export type { Notifier } from './notifier.ts';
export type { NotifierDeps, NotifyResult } from './notifier-kit.ts';

export function createNotifier(deps: NotifierDeps): Notifier {
  const kit = notifierKit(deps);
  return { ...reservationNotices(kit), ...careNotices(kit), ...chatNotices(kit) };
}

export interface NotifierOnDeps {
  /** Channels some process delivers on (OutboxDeps.channels). */
  channels?: readonly Channel[];
  /** This process's relay, told when a row is written. */
  wake?: () => void;
  timeZone?: string;
}

/** The notifier on a given transaction: its messages commit, or roll back, with that transaction. */
export type NotifierOn = (db: DbOrTx) => Notifier;

export function notifierOn(deps: NotifierOnDeps): NotifierOn {
  return (db) =>
    createNotifier({
      db,
      outbox: createOutbox({
        db,
        ...(deps.channels ? { channels: deps.channels } : {}),
        ...(deps.wake ? { wake: deps.wake } : {}),
      }),
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
    });
}
