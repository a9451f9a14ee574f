import type { broadcastRecipients, broadcasts, Channel, RecipientStatus } from '../../db/schema/index.ts';

export type Broadcast = typeof broadcasts.$inferSelect;
export type BroadcastStatus = Broadcast['status'];
export type BroadcastRecipient = typeof broadcastRecipients.$inferSelect;
export type { Channel, RecipientStatus };

/** One customer of a segment, with where a broadcast to them goes. */
export interface SegmentRow {
  customerId: number;
  channel: Channel;
  externalId: string;
  /** False for customers who said no to promotions: fan-out records them as 'skipped' and sends nothing. */
  optedIn: boolean;
}

export interface RecipientInput {
  customerId: number;
  channel: Channel | null;
  externalId: string | null;
  /** 'pending' (to be sent) unless the fan-out already knows it will not send. */
  status?: 'pending' | 'skipped';
  error?: string | null;
}

export interface RecipientCounts {
  pending: number;
  sent: number;
  failed: number;
  blocked: number;
  skipped: number;
  total: number;
}

export interface BroadcastWithCounts extends Broadcast {
  counts: RecipientCounts;
}
