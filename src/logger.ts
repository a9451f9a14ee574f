import pino, { type Logger } from 'pino';

export type { Logger };

/** The one root logger; faces make child loggers per update, request and job. */
export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({ level: options.level, name: options.name ?? 'potret', base: undefined });
}
