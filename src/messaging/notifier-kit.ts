import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers } from '../../db/schema/index.ts';
import { formatDate, formatTime, type MessageKey, t } from '../i18n/index.ts';
import type { Locale } from '../i18n/locale.ts';
import { DEFAULT_TIME_ZONE } from '../reservations/schedule.ts';
import type { MessageKind } from './delivery.ts';
import { type ChoiceRows, textMessage } from './messages.ts';
import type { Outbox, SendOptions, SendResult } from './outbox.ts';

export interface NotifierDeps {
  db: DbOrTx;
  outbox: Outbox;
  /** The studio's zone for dates and times (config.timeZone). */
  timeZone?: string;
}

/** `nothing_to_send` when there was nobody to tell (reservation or customer gone, customer anonymised). */
export type NotifyResult = SendResult | { queued: false; reason: 'nothing_to_send' };

export const nothing: NotifyResult = { queued: false, reason: 'nothing_to_send' };

/** What every notice needs: who the customer is, buttons in their language, dates in the studio's zone. */
export function notifierKit(deps: NotifierDeps) {
  const { db, outbox } = deps;
  const timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;

  /** The customer's name, language and balance; undefined when gone or anonymised (never message them). */
  const person = async (customerId: number) => {
    const [row] = await db
      .select({
        name: customers.name,
        locale: customers.locale,
        pointsBalance: customers.pointsBalance,
        anonymizedAt: customers.anonymizedAt,
      })
      .from(customers)
      .where(eq(customers.id, customerId));
    return row && !row.anonymizedAt ? row : undefined;
  };

  /** One button per row, each a [choice id, label key]. */
  const buttons = (locale: Locale, ...rows: [string, MessageKey][]): ChoiceRows =>
    rows.map(([id, key]) => [{ id, label: t(locale, key) }]);

  /** Writes a text under the event's key (so telling the same event twice sends once) and what it is about. */
  const send = (
    customerId: number,
    text: string,
    about: Pick<SendOptions, 'dedupeKey' | 'reservationId' | 'complaintId'>,
    kind: MessageKind,
    choices?: ChoiceRows,
  ) => outbox.send(customerId, textMessage(text, choices), { ...about, kind });

  /** `{date}` and `{time}` for a text, e.g. "Kamis, 3 Desember 2026" and "14.00 WIB". */
  const when = (instant: Date, locale: Locale) => ({
    date: formatDate(instant, locale, timeZone),
    time: formatTime(instant, locale, timeZone),
  });

  return { db, outbox, timeZone, person, buttons, send, when };
}

export type NotifierKit = ReturnType<typeof notifierKit>;
