import type { Db } from '../../db/client.ts';
import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import { createReadCache } from '../../src/settings/index.ts';
import type { ChannelSender } from '../../src/messaging/delivery.ts';
import { attachWhatsAppAdapter, type WhatsAppAdapter, type WhatsAppAdapterDeps } from './adapter.ts';
import { createWhatsAppConnection, type WhatsAppConnection, type WhatsAppConnectionDeps } from './client.ts';
import { createRealWhatsAppClient } from './real-client.ts';
import { createWhatsAppSender } from './sender.ts';
import { createStatusRedis, publishWhatsAppStatus } from './status-store.ts';
import type { WhatsAppStatusProvider } from './status.ts';
import type { WhatsAppClient } from './types.ts';

export { createStatusRedis, readWhatsAppStatus } from './status-store.ts';
export { summarizeStatus, type WhatsAppStatus, type WhatsAppStatusProvider, type WhatsAppStatusSummary } from './status.ts';
export type { WhatsAppConnection } from './client.ts';

export interface StartWhatsAppDeps {
  config: Pick<Config, 'whatsapp' | 'dataDir' | 'timeZone' | 'locale'> & { http: { publicUrl: string | undefined } };
  db: Db;
  log: Logger;
  /** The Redis and prefix the admin web reads the connection status from. */
  queue: { redisUrl: string; prefix: string };
  /**
   * Runs this process's WhatsApp sender on the outbound-whatsapp queue (main hands it to the workers'
   * startOutboundWorker with whatsappPacing): the sender must live where the client does.
   */
  runSender: (sender: ChannelSender) => { close(): Promise<void> };
  /** Tests pass the fake Client; production builds whatsapp-web.js's with LocalAuth and the system Chromium. */
  createClient?: () => WhatsAppClient;
  connection?: Omit<WhatsAppConnectionDeps, 'createClient' | 'log'>;
  /** How long the outbound queue waits while WhatsApp is not connected (ms). */
  notReadyWaitMs?: number;
  /** The outbox on a chat turn's transaction (registration's phone codes). */
  outbox?: WhatsAppAdapterDeps['outbox'];
}

export interface RunningWhatsApp {
  /** For the admin settings page. */
  status: WhatsAppStatusProvider;
  connection: WhatsAppConnection;
  adapter: WhatsAppAdapter;
  stop(): Promise<void>;
}

/**
 * The WhatsApp channel in this process: the client (connecting in the background, never failing
 * start-up), the adapter answering chats, and its sender, which `runSender` runs on the
 * outbound-whatsapp queue, paced for an unofficial client.
 */
export function startWhatsApp(deps: StartWhatsAppDeps): RunningWhatsApp {
  const { config } = deps;
  const log = deps.log.child({ channel: 'whatsapp' });
  const connection = createWhatsAppConnection({
    ...deps.connection,
    log,
    createClient:
      deps.createClient ??
      (() => createRealWhatsAppClient({ dataDir: config.dataDir, chromiumPath: config.whatsapp.chromiumPath })),
  });
  const adapter = attachWhatsAppAdapter({
    db: deps.db,
    connection,
    log,
    timeZone: config.timeZone,
    defaultLocale: config.locale,
    publicUrl: config.http.publicUrl,
    cache: createReadCache(),
    outbox: deps.outbox,
  });
  const outbound = deps.runSender(
    createWhatsAppSender({
      db: deps.db,
      connection,
      log,
      defaultLocale: config.locale,
      ...(deps.notReadyWaitMs ? { notReadyWaitMs: deps.notReadyWaitMs } : {}),
    }),
  );
  // Shared through Redis too, for an admin web running in another process.
  const statusRedis = createStatusRedis(deps.queue.redisUrl);
  const published = publishWhatsAppStatus(statusRedis, deps.queue.prefix, connection, log);
  connection.start();
  return {
    // Only the two reading methods: the admin app has no business sending through the client.
    status: { status: () => connection.status(), onStatus: (listener) => connection.onStatus(listener) },
    connection,
    adapter,
    async stop() {
      await outbound.close();
      await adapter.stop();
      await connection.stop();
      await published.stop();
      await statusRedis.quit().catch(() => statusRedis.disconnect());
    },
  };
}
