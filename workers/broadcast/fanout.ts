import { DelayedError, type Job } from 'bullmq';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { broadcastRecipients, type Channel, customers } from '../../db/schema/index.ts';
import {
  type Broadcast,
  finishBroadcastIfDone,
  getBroadcast,
  insertRecipients,
  markBroadcastFannedOut,
  markBroadcastRunning,
  recipientsFromSegment,
  segmentPage,
} from '../../src/broadcasts/index.ts';
import { isAppError } from '../../src/errors.ts';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/i18n/locale.ts';
import { BROADCAST_PRIORITY, deliveryJobNames } from '../../src/messaging/delivery.ts';
import type { OutboundMessage } from '../../src/messaging/messages.ts';
import type { Logger } from '../../src/logger.ts';
import type { Queues } from '../queues.ts';

/** Customers per page: one segment query, one INSERT and one addBulk per channel each. */
const FANOUT_PAGE = 1000;

/** The fan-out's job id, from the campaign's own uuid: never the same for two databases on one Redis. */
export const fanoutJobId = (campaign: Pick<Broadcast, 'uid'>) => `fanout-${campaign.uid}`;

export interface FanoutDeps {
  db: Db;
  queues: Queues;
  /**
   * Channels some process sends on (Telegram with a token, WhatsApp when enabled, web always). A
   * recipient whose chat is elsewhere is recorded skipped ('channel_unavailable') instead of waiting
   * in a queue nobody consumes, which would keep the campaign running forever. All when omitted.
   */
  servedChannels?: readonly Channel[];
}

/**
 * Pages through the campaign's segment by customer id, writes a recipient row per customer (opted-out
 * ones as skipped) and queues one send per pending row with the id `bc-<campaign>-<customer>`.
 * Everything it does is idempotent, so a fan-out killed half-way simply runs again: rows already there
 * stay (ON CONFLICT DO NOTHING), jobs already queued are not queued twice (same id), and a send whose
 * job was already done and removed finds its row no longer pending and sends nothing.
 * The page reached is kept in the job's progress, so a retry carries on where it stopped.
 */
export async function runFanout(
  deps: FanoutDeps,
  job: Job,
  token: string | undefined,
  broadcastId: number,
  log: Logger,
) {
  let campaign: Broadcast;
  try {
    campaign = await getBroadcast(deps.db, broadcastId);
  } catch (error) {
    if (isAppError(error, 'BROADCAST_NOT_FOUND')) return { status: 'missing' };
    throw error;
  }
  if (campaign.status === 'cancelled' || campaign.status === 'completed') return { status: campaign.status };
  if (
    campaign.status === 'scheduled' &&
    campaign.scheduledAt &&
    campaign.scheduledAt.getTime() > Date.now() + 1000
  ) {
    // Rescheduled after this job was queued: wait for the new time.
    await job.moveToDelayed(campaign.scheduledAt.getTime(), token);
    throw new DelayedError();
  }
  campaign = await markBroadcastRunning(deps.db, broadcastId);
  const progress = job.progress as { afterCustomerId?: number } | number | undefined;
  let cursor = typeof progress === 'object' && progress?.afterCustomerId ? progress.afterCustomerId : 0;
  let queued = 0;
  for (;;) {
    const page = await segmentPage(deps.db, campaign.segment, {
      afterCustomerId: cursor,
      limit: FANOUT_PAGE,
    });
    if (page.length === 0) break;
    await insertRecipients(deps.db, broadcastId, recipientsFromSegment(page, deps.servedChannels));
    queued += await queuePending(
      deps,
      campaign,
      page.map((row) => row.customerId),
    );
    cursor = page.at(-1)!.customerId;
    await job.updateProgress({ afterCustomerId: cursor });
    // Cancelled meanwhile: stop queueing (cancel removes what is already queued).
    if ((await getBroadcast(deps.db, broadcastId)).status === 'cancelled') {
      log.info({ broadcastId, queued }, 'campaign cancelled during fan-out');
      return { status: 'cancelled', queued };
    }
  }
  await markBroadcastFannedOut(deps.db, broadcastId);
  const finished = await finishBroadcastIfDone(deps.db, broadcastId);
  log.info({ broadcastId, queued, finished }, 'campaign fanned out');
  return { status: finished ? 'completed' : 'running', queued };
}

/** A pending recipient as its send job needs it. */
export interface PendingRecipient {
  uid: string;
  customerId: number;
  channel: Channel | null;
  externalId: string | null;
  locale: Locale;
}

async function queuePending(deps: FanoutDeps, campaign: Broadcast, customerIds: number[]): Promise<number> {
  const rows = await deps.db
    .select({
      uid: broadcastRecipients.uid,
      customerId: broadcastRecipients.customerId,
      channel: broadcastRecipients.channel,
      externalId: broadcastRecipients.externalId,
      locale: customers.locale,
    })
    .from(broadcastRecipients)
    .innerJoin(customers, eq(customers.id, broadcastRecipients.customerId))
    .where(
      and(
        eq(broadcastRecipients.broadcastId, campaign.id),
        eq(broadcastRecipients.status, 'pending'),
        inArray(broadcastRecipients.customerId, customerIds),
      ),
    );
  return queueSends(deps.queues, campaign, rows);
}

/**
 * One send job per recipient, the recipient row's uuid as its id: queueing a row twice (fan-out run
 * again, reconcile after Redis lost the job) adds nothing while its job is still there.
 */
export async function queueSends(
  queues: Queues,
  campaign: Pick<Broadcast, 'id' | 'text' | 'imageFileId'>,
  rows: PendingRecipient[],
): Promise<number> {
  const messages = { id: campaignMessage(campaign, 'id'), en: campaignMessage(campaign, 'en') };
  let count = 0;
  for (const channel of ['telegram', 'whatsapp', 'web'] as const) {
    const mine = rows.filter((row) => row.channel === channel && row.externalId);
    if (mine.length === 0) continue;
    await queues.enqueueBulk(
      deliveryJobNames[channel],
      mine.map((row) => ({
        payload: {
          channel,
          externalId: row.externalId!,
          customerId: row.customerId,
          kind: 'broadcast' as const,
          message: messages[row.locale],
          broadcast: { broadcastId: campaign.id, customerId: row.customerId },
        },
        options: { jobId: row.uid, priority: BROADCAST_PRIORITY, removeOnComplete: true },
      })),
    );
    count += mine.length;
  }
  return count;
}

/** The campaign as a chat message, with the way out of promotions under it. */
function campaignMessage(
  campaign: Pick<Broadcast, 'text' | 'imageFileId'>,
  locale: Locale,
): OutboundMessage {
  const text = `${campaign.text}\n\n${t(locale, 'notifications.promoFooter')}`;
  return campaign.imageFileId
    ? { type: 'photo', fileId: campaign.imageFileId, caption: text }
    : { type: 'text', text };
}
