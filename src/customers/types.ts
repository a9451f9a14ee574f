import type { Channel, channelIdentities, customers } from '../../db/schema/index.ts';
import type { Locale } from '../i18n/locale.ts';

export type Customer = typeof customers.$inferSelect;
export type ChannelIdentity = typeof channelIdentities.$inferSelect;
export type Membership = Customer['membership'];
export type { Channel, Locale };

export interface DeliveryTarget {
  channel: Channel;
  externalId: string;
}
