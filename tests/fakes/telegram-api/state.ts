import { createFileStore, type FileStore } from './files.ts';
import type { ApiCall, ApiFailure, BotInfo, JsonObject, SentMessage } from './types.ts';

/** The one getUpdates request held open (long poll); a new update or a second poller ends it. */
export interface Poller {
  offset: number;
  limit: number;
  finish: (result: JsonObject[] | ApiFailure) => void;
}

/** Everything one emulator remembers, shared by the server, the methods and the update side. */
export interface EmulatorState {
  readonly token: string;
  readonly botInfo: BotInfo;
  readonly calls: ApiCall[];
  /** Messages the bot sent, per chat id; `byMessage` finds one by "<chat>:<message id>". */
  readonly sent: Map<string, SentMessage[]>;
  readonly byMessage: Map<string, SentMessage>;
  readonly commands: JsonObject[];
  readonly stats: { rateLimited: number; uploads: number; webhookDeliveries: number };
  readonly files: FileStore;
  /** maxConnections: deliveries in flight at once, setWebhook's max_connections (1-100, default 40). */
  webhook: { url: string; secretToken?: string; maxConnections: number } | undefined;
  /** Updates not yet fetched by getUpdates. */
  pending: JsonObject[];
  poller: Poller | undefined;
  nextUpdateId: number;
  nextMessageId: number;
  nextInboundMessageId: number;
  /** Wakes waitFor() after anything observable changed. */
  notify(): void;
}

export function createState(token: string, botInfo: BotInfo, notify: () => void): EmulatorState {
  const stats = { rateLimited: 0, uploads: 0, webhookDeliveries: 0 };
  return {
    token,
    botInfo,
    calls: [],
    sent: new Map(),
    byMessage: new Map(),
    commands: [],
    stats,
    files: createFileStore(stats),
    webhook: undefined,
    pending: [],
    poller: undefined,
    nextUpdateId: 1,
    nextMessageId: 1,
    nextInboundMessageId: 1_000_000,
    notify,
  };
}
