import path from 'node:path';
import { z } from 'zod';
import type { DatabaseConfig } from '../db/config.ts';

/**
 * The one reader of the environment. Everything else receives a typed `Config`.
 * Empty strings count as "not set" so a copied .env.example with blank lines works.
 */

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const booleanFlag = z.preprocess(
  (value) => {
    if (value === undefined || value === '') return false;
    if (typeof value === 'boolean') return value;
    const text = String(value).toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    return value;
  },
  z.boolean({ message: 'must be true or false' }),
);
const positiveNumber = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().positive().default(fallback));

const roleSchema = z.enum(['all', 'web', 'worker', 'telegram', 'whatsapp']);

const envSchema = z
  .object({
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
    ),
    REDIS_URL: z.preprocess(emptyToUndefined, z.string().regex(/^rediss?:\/\//, 'must start with redis://').optional()),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
    TRUST_PROXY: booleanFlag,
    PUBLIC_URL: z.preprocess(emptyToUndefined, z.url({ message: 'must be a URL like https://studio.example' }).optional()),
    SESSION_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email({ message: 'must be an email address' }).default('owner@potret.local')),
    ADMIN_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(8, 'must be at least 8 characters').optional()),
    TELEGRAM_BOT_TOKEN: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC... (from @BotFather)')
        .optional(),
    ),
    TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url({ message: 'must be a URL' }).default('https://api.telegram.org')),
    TELEGRAM_MODE: z.preprocess(emptyToUndefined, z.enum(['polling', 'webhook']).default('polling')),
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -')
        .optional(),
    ),
    TELEGRAM_RATE_PER_SECOND: positiveNumber(25),
    WHATSAPP_ENABLED: booleanFlag,
    WHATSAPP_RATE_PER_HOUR: positiveNumber(40),
    WHATSAPP_MIN_GAP_SECONDS: positiveNumber(20),
    CHROMIUM_PATH: z.preprocess(emptyToUndefined, z.string().default('/usr/bin/chromium')),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    TZ: z.preprocess(emptyToUndefined, z.string().default('Asia/Jakarta')),
    LOCALE: z.preprocess(emptyToUndefined, z.enum(['id', 'en']).default('id')),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    QUEUE_PREFIX: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 characters of A-Z, a-z, 0-9, _ and -')
        .default('potret'),
    ),
    SEED_DEMO: z.preprocess((v) => (v === undefined || v === '' ? true : v), booleanFlag),
    ROLE: z.preprocess(emptyToUndefined, roleSchema.default('all')),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_MODE === 'webhook' && env.TELEGRAM_BOT_TOKEN) {
      if (!env.TELEGRAM_WEBHOOK_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required when TELEGRAM_MODE=webhook' });
      }
      if (!env.PUBLIC_URL) {
        ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required when TELEGRAM_MODE=webhook' });
      }
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: env.TZ });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['TZ'], message: 'is not a known time zone (try Asia/Jakarta)' });
    }
  });

export type Role = z.infer<typeof roleSchema>;

/** Where the database is: db/config.ts owns the shape, this module builds it from the environment. */
export type { DatabaseConfig };

export type TelegramConfig =
  | { enabled: false }
  | {
      enabled: true;
      token: string;
      apiRoot: string;
      mode: 'polling';
      ratePerSecond: number;
    }
  | {
      enabled: true;
      token: string;
      apiRoot: string;
      mode: 'webhook';
      webhookSecret: string;
      ratePerSecond: number;
    };

export interface Config {
  role: Role;
  http: {
    host: string;
    port: number;
    publicUrl: string | undefined;
    secureCookies: boolean;
    /**
     * Behind a reverse proxy: read the client's address from the last X-Forwarded-For entry (the one
     * the proxy added) and https from X-Forwarded-Proto. Off: the socket's peer, which anyone reaching
     * the port directly could otherwise hide behind a made-up header.
     */
    trustProxy: boolean;
  };
  database: DatabaseConfig;
  /** BullMQ key prefix: processes of one studio share it; another studio (or a test run) on the same Redis uses its own. */
  redis: { url: string; explicit: boolean; queuePrefix: string };
  sessionSecret: string | undefined;
  admin: { email: string; password: string | undefined };
  telegram: TelegramConfig;
  whatsapp: {
    enabled: boolean;
    chromiumPath: string;
    ratePerHour: number;
    minGapSeconds: number;
  };
  dataDir: string;
  timeZone: string;
  locale: 'id' | 'en';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  seedDemo: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Invalid config: ${variable} ${problem}`, options);
    this.name = 'ConfigError';
  }
}

export type Environment = Record<string, string | undefined>;

/** Parses an environment (process.env by default) into a Config, or throws ConfigError naming the variable. */
export function loadConfig(environment: Environment = process.env, overrides: Partial<Environment> = {}): Config {
  const parsed = envSchema.safeParse({ ...environment, ...overrides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') || 'environment';
    throw new ConfigError(variable, describeIssue(issue), { cause: parsed.error });
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const publicUrl = env.PUBLIC_URL?.replace(/\/$/, '');
  return {
    role: env.ROLE,
    http: {
      host: env.HOST,
      port: env.PORT,
      publicUrl,
      secureCookies: publicUrl?.startsWith('https://') ?? false,
      trustProxy: env.TRUST_PROXY,
    },
    database: env.DATABASE_URL
      ? { kind: 'url', url: env.DATABASE_URL }
      : { kind: 'embedded', dir: path.join(dataDir, 'pglite') },
    redis: {
      url: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      explicit: env.REDIS_URL !== undefined,
      queuePrefix: env.QUEUE_PREFIX,
    },
    sessionSecret: env.SESSION_SECRET,
    admin: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD },
    telegram: telegramConfig(env),
    whatsapp: {
      enabled: env.WHATSAPP_ENABLED,
      chromiumPath: env.CHROMIUM_PATH,
      ratePerHour: env.WHATSAPP_RATE_PER_HOUR,
      minGapSeconds: env.WHATSAPP_MIN_GAP_SECONDS,
    },
    dataDir,
    timeZone: env.TZ,
    locale: env.LOCALE,
    logLevel: env.LOG_LEVEL,
    seedDemo: env.SEED_DEMO,
  };
}

function telegramConfig(env: z.infer<typeof envSchema>): TelegramConfig {
  if (!env.TELEGRAM_BOT_TOKEN) return { enabled: false };
  const apiRoot = env.TELEGRAM_API_ROOT.replace(/\/$/, '');
  if (env.TELEGRAM_MODE === 'webhook') {
    return {
      enabled: true,
      token: env.TELEGRAM_BOT_TOKEN,
      apiRoot,
      mode: 'webhook',
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET ?? '',
      ratePerSecond: env.TELEGRAM_RATE_PER_SECOND,
    };
  }
  return {
    enabled: true,
    token: env.TELEGRAM_BOT_TOKEN,
    apiRoot,
    mode: 'polling',
    ratePerSecond: env.TELEGRAM_RATE_PER_SECOND,
  };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is invalid';
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'must be a number';
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be at most ${String(issue.maximum)}`;
  return issue.message.startsWith('must') || issue.message.startsWith('is ') ? issue.message : `is invalid: ${issue.message}`;
}

/** Reads `--role X` from argv, for `npm run start:role -- worker`. Argv is not the environment. */
export function roleFromArgv(argv: readonly string[]): Role | undefined {
  const index = argv.indexOf('--role');
  if (index === -1) return undefined;
  const parsed = roleSchema.safeParse(argv[index + 1]);
  if (!parsed.success) throw new ConfigError('--role', `must be one of ${roleSchema.options.join(', ')}`);
  return parsed.data;
}
