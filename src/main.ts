import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { createHttpApp, listen, type Mount } from '../admin-web/http.ts';
import { type DbOrTx, openDatabase } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import { ensureStudioSettings } from '../db/defaults.ts';
import { seedDemoStudio } from '../db/seed.ts';
import { studioSettings } from '../db/schema/index.ts';
import { ensureRedis, pingRedis } from '../workers/redis.ts';
import { type Config, ConfigError, loadConfig, type Role, roleFromArgv } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { createNotifier, createOutbox } from './messaging/index.ts';
import { resolveSessionSecret } from './secrets.ts';
import { createReadCache } from './settings/index.ts';
import { ensureOwnerAccount } from './staff/bootstrap.ts';
import * as workersModule from '../workers/index.ts';
import type { Redis } from 'ioredis';

/**
 * The composition root: the only module that imports every part. `npm start` runs every role in one
 * process; `npm run start:role -- <web|worker|telegram|whatsapp>` runs one.
 */

interface Running {
  name: string;
  stop: () => Promise<void>;
}

/** Fixed key for the start-up advisory lock (seed and first owner). */
const BOOTSTRAP_LOCK_KEY = 7_306_551_211;

const runsRole = (role: Role, part: Exclude<Role, 'all'>) => role === 'all' || role === part;

/** A stop for a Redis connection this process opened itself (BullMQ does not close those). */
const quitRedis = (name: string, redis: Redis): Running => ({
  name,
  stop: async () => {
    await redis.quit().catch(() => redis.disconnect());
  },
});

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
    const argvRole = roleFromArgv(process.argv);
    if (argvRole) config = { ...config, role: argvRole };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger({ level: config.logLevel });
  const running: Running[] = [];
  let stopping = false;
  const stopAll = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Reverse order: faces first, then queues, then the database and Redis they stand on.
    for (const part of running.reverse()) {
      try {
        await part.stop();
      } catch (error) {
        log.error({ err: error, part: part.name }, 'error while stopping');
      }
    }
    log.info('stopped');
    process.exit(exitCode);
  };
  process.once('SIGTERM', () => void stopAll('SIGTERM'));
  process.once('SIGINT', () => void stopAll('SIGINT'));

  try {
    await start(config, log, running);
  } catch (error) {
    log.fatal({ err: error }, 'start-up failed');
    console.error(`Potret could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll('start-up failure', 1);
  }
}

async function start(config: Config, log: Logger, running: Running[]): Promise<void> {
  const database = await openDatabase(config.database);
  running.push({ name: 'database', stop: database.close });
  log.info({ database: database.kind }, 'database open');
  await runMigrations(database);
  const { db } = database;

  // Processes starting at once take turns here, so the demo and the owner are created once.
  const { seeded, owner } = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    await ensureStudioSettings(tx);
    const demo = config.seedDemo ? await seedDemoStudio(tx) : { seeded: false };
    return { seeded: demo.seeded, owner: await ensureOwnerAccount(tx, config.admin) };
  });
  if (seeded) log.info('seeded the demo studio');
  if (owner.created) {
    const password = owner.generatedPassword ?? '(ADMIN_PASSWORD)';
    console.log(`\n  Owner account created: ${owner.email}  password: ${password}\n  Keep it safe; it is shown only once.\n`);
  }

  const redis = await ensureRedis({
    url: config.redis.url,
    explicit: config.redis.explicit,
    dataDir: config.dataDir,
    onStart: (message) => log.info(message),
  });
  running.push({ name: 'redis-server', stop: redis.stop });

  const sessionSecret = await resolveSessionSecret(config.sessionSecret, config.dataDir);
  const mounts: Mount[] = [];
  const addMount = (path: string, app: Hono) => mounts.push({ path, app });

  // --- workers (outbox senders, broadcasts, scheduled care) ---
  // Every role gets the producer side: the admin web and the bots send through the outbox.
  const queues = workersModule.createQueues({ redisUrl: redis.url, prefix: config.redis.queuePrefix });
  running.push({ name: 'queues', stop: queues.close });
  // Messages and campaign recipients go only to channels some process sends on.
  const servedChannels = [
    'web',
    ...(config.telegram.enabled ? (['telegram'] as const) : []),
    ...(config.whatsapp.enabled ? (['whatsapp'] as const) : []),
  ] as const;
  /** For the chats: the outbox on the turn's transaction (registration's phone codes). */
  const outboxOn = (tx: DbOrTx) => createOutbox({ db: tx, queues, channels: servedChannels });
  if (runsRole(config.role, 'worker')) {
    const workers = await workersModule.createWorkers({
      db,
      queues,
      log: log.child({ part: 'workers' }),
      timeZone: config.timeZone,
      servedChannels,
      ...(config.telegram.enabled
        ? {
            telegram: {
              token: config.telegram.token,
              apiRoot: config.telegram.apiRoot,
              ratePerSecond: config.telegram.ratePerSecond,
            },
          }
        : {}),
    });
    // Stopping finishes the jobs in hand (worker.close), before the queues and the database close.
    running.push({ name: 'workers', stop: workers.close });
    log.info({ telegram: config.telegram.enabled }, 'workers running');
  }

  // --- telegram ---
  if (config.telegram.enabled && (runsRole(config.role, 'telegram') || runsRole(config.role, 'web'))) {
    const { startTelegram } = await import('../bots/telegram/index.ts');
    const telegram = startTelegram({
      config: config.telegram,
      db,
      log: log.child({ part: 'telegram' }),
      timeZone: config.timeZone,
      defaultLocale: config.locale,
      publicUrl: config.http.publicUrl,
      outbox: outboxOn,
      runsBot: runsRole(config.role, 'telegram'),
      servesWeb: runsRole(config.role, 'web'),
    });
    if (telegram.webhookApp) addMount('/telegram', telegram.webhookApp);
    running.push({ name: 'telegram', stop: telegram.stop });
  }

  // --- whatsapp ---
  /** For the admin settings page (status and QR); undefined shows "belum diaktifkan". */
  let whatsappAdminStatus: (() => Promise<import('../bots/whatsapp/index.ts').WhatsAppStatusSummary>) | undefined;
  if (config.whatsapp.enabled && runsRole(config.role, 'whatsapp')) {
    // Loaded only when enabled: whatsapp-web.js brings puppeteer along.
    const { startWhatsApp, summarizeStatus } = await import('../bots/whatsapp/index.ts');
    const whatsapp = startWhatsApp({
      config,
      db,
      log,
      queue: { redisUrl: queues.redisUrl, prefix: queues.prefix },
      outbox: outboxOn,
    });
    running.push({ name: 'whatsapp', stop: whatsapp.stop });
    whatsappAdminStatus = async () => summarizeStatus(whatsapp.status.status());
    log.info('whatsapp starting in the background (status and QR on the admin settings page)');
  } else if (config.whatsapp.enabled && runsRole(config.role, 'web')) {
    // The client runs in the `whatsapp` role's process: read what it publishes in Redis.
    const { createStatusRedis, readWhatsAppStatus } = await import('../bots/whatsapp/index.ts');
    const statusRedis = createStatusRedis(queues.redisUrl);
    running.push(quitRedis('whatsapp-status', statusRedis));
    whatsappAdminStatus = () => readWhatsAppStatus(statusRedis, queues.prefix);
  }

  // --- web: admin app, web chat ---
  if (runsRole(config.role, 'web')) {
    const { createAdminApp } = await import('../admin-web/app.tsx');
    const { adminNotifier } = await import('../admin-web/notifier.ts');
    /** Confirmations, cancellations and complaint replies from the admin go through these. */
    const notifier = createNotifier({ db, outbox: outboxOn(db), timeZone: config.timeZone });
    addMount(
      '/admin',
      createAdminApp({
        db,
        log: log.child({ part: 'admin' }),
        notifier: adminNotifier({ notifier }),
        secureCookies: config.http.secureCookies,
        timeZone: config.timeZone,
        broadcasts: workersModule.createBroadcastControl({ db, queues }),
        // bull-board, behind the owner's login.
        queueDashboard: workersModule.createQueueDashboard(queues, { basePath: '/admin/queues' }),
        ...(whatsappAdminStatus ? { whatsappStatus: whatsappAdminStatus } : {}),
      }),
    );
    const { createRateLimitRedis, createWebChatApp } = await import('../bots/web/index.ts');
    // Per chat and per address limits on the chat's POSTs (bots/web/rate-limit.ts).
    const rateRedis = createRateLimitRedis(queues.redisUrl);
    running.push(quitRedis('webchat-rate-limit', rateRedis));
    addMount(
      '/chat',
      createWebChatApp({
        db,
        secret: sessionSecret,
        timeZone: config.timeZone,
        defaultLocale: config.locale,
        log: log.child({ part: 'webchat' }),
        secureCookies: config.http.secureCookies,
        publicUrl: config.http.publicUrl,
        rateLimit: { redis: rateRedis, prefix: queues.prefix },
        outbox: outboxOn,
        cache: createReadCache(),
      }),
    );

    const app = createHttpApp({
      log,
      mounts,
      health: [
        {
          name: 'database',
          check: async () => {
            await database.sql`select 1`;
            return true;
          },
        },
        { name: 'redis', check: () => pingRedis(redis.url) },
      ],
      studioName: async () => {
        const [row] = await db.select({ name: studioSettings.studioName }).from(studioSettings).limit(1);
        return row?.name ?? 'Potret';
      },
    });
    const server = await listen(app, { host: config.http.host, port: config.http.port });
    running.push({ name: 'http', stop: server.close });
    const base = config.http.publicUrl ?? `http://localhost:${server.port}`;
    log.info({ port: server.port }, 'http listening');
    console.log(`  Potret is running: ${base}  (chat: ${base}/chat, admin: ${base}/admin, health: ${base}/healthz)`);
  }
}

await main();
