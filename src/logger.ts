import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values are customers' words or numbers wherever they appear at the top of a log line or
 * one level down. A safety net: log sites log ids (customerId, reservationId, messageId) instead.
 */
const REDACTED_PATHS = ['text', 'body', 'caption', 'phone', 'displayName', 'from', 'to'].flatMap((key) => [
  key,
  `*.${key}`,
]);

/** The one root logger; faces make child loggers per update, request and job. */
export function createLogger(options: {
  level: string;
  name?: string;
  destination?: DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'potret',
      base: undefined,
      serializers: { err: serializeError },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}

/**
 * Properties of an error worth keeping in a log: codes and names, never values. What an error carries
 * besides (postgres.js's `detail` "Key (phone)=(+62…)" and `where` holding the JSON it could not read,
 * grammY's `payload` with the text sent) is left out.
 */
const KEPT_FIELDS = [
  'code',
  'errno',
  'syscall',
  'severity',
  'routine',
  'schema_name',
  'table_name',
  'column_name',
  'constraint_name',
  'error_code',
  'description',
  'method',
  'statusCode',
  'retryAfterMs',
  'details',
  'fields',
] as const;

/** How many causes deep a log follows an error (an AppError around a DrizzleQueryError around a PostgresError). */
const MAX_CAUSE_DEPTH = 5;

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  cause?: SerializedError | undefined;
  aggregateErrors?: SerializedError[];
  [field: string]: unknown;
}

/**
 * pino's `err` serializer, made safe for customers' data: type, message, stack frames, the kept
 * fields and the causes, each cleaned. drizzle's "Failed query: … params: …" keeps its SQL (values are
 * $n placeholders) and loses the params; a Postgres message's quoted input value at its end
 * ('invalid input syntax for type integer: "…"') is cut.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!isErrorLike(error)) return error === undefined || error === null ? error : { type: typeof error };
  const type =
    typeof error.constructor === 'function' && error.constructor.name ? error.constructor.name : error.name;
  const message = cleanMessage(error, type);
  const out: SerializedError = { type, message };
  if (typeof error.stack === 'string') {
    const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  const record = error as unknown as Record<string, unknown>;
  for (const field of KEPT_FIELDS) {
    if (record[field] !== undefined && record[field] !== null) out[field] = record[field];
  }
  if (Array.isArray(record.errors) && depth < MAX_CAUSE_DEPTH) {
    out.aggregateErrors = record.errors.map((inner) => serializeError(inner, depth + 1) as SerializedError);
  }
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    out.cause = serializeError(error.cause, depth + 1) as SerializedError;
  }
  return out;
}

function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
}

function cleanMessage(error: Error, type: string): string {
  const record = error as unknown as Record<string, unknown>;
  if (typeof record.query === 'string' && 'params' in record && error.message.startsWith('Failed query:')) {
    const count = Array.isArray(record.params) ? record.params.length : 0;
    return `Failed query: ${record.query}\nparams: [${count} left out]`;
  }
  if (type === 'PostgresError') return error.message.replace(/: ".*"$/s, ': "[left out]"');
  // JSON.parse quotes the text it could not read.
  if (error instanceof SyntaxError) return error.message.replace(/"[^"]*"/g, '"[left out]"');
  return error.message;
}
