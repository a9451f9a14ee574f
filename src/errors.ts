/**
 * One error type with stable codes. Faces translate: the web maps `httpStatus`, the bots reply with
 * `t(locale, 'errors.<CODE>')`, workers turn non-retryable codes into BullMQ's UnrecoverableError.
 */
export const errorCodes = {
  VALIDATION: { status: 400, retryable: false },
  CURSOR_INVALID: { status: 400, retryable: false },
  NOT_FOUND: { status: 404, retryable: false },
  UNAUTHORIZED: { status: 401, retryable: false },
  FORBIDDEN: { status: 403, retryable: false },
  CONFLICT: { status: 409, retryable: false },
  RATE_LIMITED: { status: 429, retryable: true },
  PHONE_INVALID: { status: 400, retryable: false },
  PHONE_TAKEN: { status: 409, retryable: false },
  CUSTOMER_NOT_FOUND: { status: 404, retryable: false },
  PRODUCT_NOT_FOUND: { status: 404, retryable: false },
  PRODUCT_INACTIVE: { status: 409, retryable: false },
  BUNDLE_NOT_AVAILABLE: { status: 409, retryable: false },
  SLOT_INVALID: { status: 400, retryable: false },
  SLOT_IN_PAST: { status: 409, retryable: false },
  SLOT_FULL: { status: 409, retryable: false },
  STUDIO_CLOSED: { status: 409, retryable: false },
  RESERVATION_NOT_FOUND: { status: 404, retryable: false },
  RESERVATION_NOT_PAYABLE: { status: 409, retryable: false },
  RESERVATION_NOT_CANCELLABLE: { status: 409, retryable: false },
  INVALID_TRANSITION: { status: 409, retryable: false },
  ALREADY_DONE: { status: 409, retryable: false },
  SESSION_NOT_STARTED: { status: 409, retryable: false },
  CUSTOMER_DOUBLE_BOOKED: { status: 409, retryable: false },
  FILE_TOO_LARGE: { status: 413, retryable: false },
  FILE_NOT_IMAGE: { status: 415, retryable: false },
  PROOF_LIMIT_BOOKING: { status: 409, retryable: false },
  PROOF_LIMIT_DAY: { status: 429, retryable: false },
  TEXT_UNREADABLE: { status: 400, retryable: false },
  QR_NOT_FOUND: { status: 400, retryable: false },
  QRIS_NOT_QRIS: { status: 400, retryable: false },
  QRIS_INVALID: { status: 400, retryable: false },
  QRIS_CRC_MISMATCH: { status: 400, retryable: false },
  QRIS_NOT_STATIC: { status: 400, retryable: false },
  POINTS_INSUFFICIENT: { status: 409, retryable: false },
  POINTS_LIMIT: { status: 409, retryable: false },
  COMPLAINT_NOT_FOUND: { status: 404, retryable: false },
  COMPLAINT_CLOSED: { status: 409, retryable: false },
  RATING_NOT_ALLOWED: { status: 409, retryable: false },
  RATING_DUPLICATE: { status: 409, retryable: false },
  FAQ_NOT_FOUND: { status: 404, retryable: false },
  BROADCAST_NOT_FOUND: { status: 404, retryable: false },
  BROADCAST_NOT_EDITABLE: { status: 409, retryable: false },
  CHANNEL_UNAVAILABLE: { status: 503, retryable: true },
  LOGIN_FAILED: { status: 401, retryable: false },
  LOGIN_THROTTLED: { status: 429, retryable: false },
  CSRF_INVALID: { status: 403, retryable: false },
  INTERNAL: { status: 500, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly fields: FieldIssue[];

  constructor(
    code: ErrorCode,
    message?: string,
    options: { cause?: unknown; details?: Record<string, unknown>; fields?: FieldIssue[] } = {},
  ) {
    super(message ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.fields = options.fields ?? [];
  }

  get httpStatus(): number {
    return errorCodes[this.code].status;
  }

  get retryable(): boolean {
    return errorCodes[this.code].retryable;
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
