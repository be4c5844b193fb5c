/**
 * The `code` values the API answers with. The OpenAPI document types `code` as a plain string,
 * so the list lives here; a spec in the API's repository checks it against the server's table.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'INVALID_TIME_SLOT',
  'SLOT_IN_PAST',
  'BEYOND_BOOKING_HORIZON',
  'TOO_SHORT_NOTICE',
  'INVALID_PARTY',
  'TEAM_TOO_SMALL',
  'TEAM_TOO_LARGE',
  'ROOM_TYPE_MISMATCH',
  'UNKNOWN_MEMBERS',
  'WEAK_PASSWORD',
  'INVALID_CREDENTIALS',
  'UNAUTHENTICATED',
  'INVALID_TOKEN',
  'REFRESH_TOKEN_REUSED',
  'BOOKING_FORBIDDEN',
  'CANCEL_FORBIDDEN',
  'CHECK_IN_FORBIDDEN',
  'FORBIDDEN',
  'BOOKING_NOT_FOUND',
  'SERIES_NOT_FOUND',
  'MEMBER_NOT_FOUND',
  'TEAM_NOT_FOUND',
  'ROOM_NOT_FOUND',
  'SITE_NOT_FOUND',
  'SITE_REQUIRED',
  'SITE_CODE_TAKEN',
  'CLOSURE_NOT_FOUND',
  'NOT_FOUND',
  'PAGE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'SLOT_TAKEN',
  'MEMBER_DOUBLE_BOOKED',
  'SERIES_CONFLICT',
  'QUOTA_EXCEEDED',
  'CANCEL_CUTOFF',
  'MEMBER_IN_USE',
  'LAST_ADMIN',
  'INVALID_SET_PASSWORD_TOKEN',
  'WRONG_PASSWORD',
  'REGISTRATION_CLOSED',
  'TEAM_IN_USE',
  'USERNAME_TAKEN',
  'EMAIL_TAKEN',
  'TEAM_NAME_TAKEN',
  'ROOM_NUMBER_TAKEN',
  'ROOM_IN_USE',
  'ROOM_CLOSED',
  'CLOSURE_CONFLICT',
  'CREATOR_CANNOT_LEAVE',
  'CHECK_IN_CLOSED',
  'IDEMPOTENCY_KEY_IN_FLIGHT',
  'IDEMPOTENCY_KEY_REUSED',
  'SLOT_AVAILABLE',
  'ALREADY_WAITING',
  'NOT_WAITING',
  'WAITLIST_ENTRY_NOT_FOUND',
  'WEBHOOK_NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'TOO_MANY_ATTEMPTS',
  'INTERNAL_ERROR',
  'BUSY',
  'DATABASE_UNAVAILABLE',
] as const;

export type ServerErrorCode = (typeof ERROR_CODES)[number];

/**
 * `UNEXPECTED_RESPONSE` is the client's own: an error answer that is not the API's
 * problem+json (a proxy's 502 page, an empty body).
 */
export type ErrorCode = ServerErrorCode | 'UNEXPECTED_RESPONSE';

export interface FieldError {
  field: string;
  message: string;
}

/** The API's RFC 9457 body: `error` repeats `detail` for clients of the original service. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  error: string;
  instance?: string;
  errors?: FieldError[];
}

/**
 * An error answer of the API. Branch on `code`; a code added by a newer server than this
 * package passes through unchanged.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  /** Which fields were refused and why; empty unless `code` is `VALIDATION_FAILED`. */
  readonly errors: FieldError[];
  readonly instance?: string;
  /** Seconds to wait, from `Retry-After` (429 and 503 answers). */
  readonly retryAfter?: number;
  /** The body as received. */
  readonly body: unknown;

  constructor(problem: Problem, options: { retryAfter?: number; body?: unknown } = {}) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.errors = problem.errors ?? [];
    this.instance = problem.instance;
    this.retryAfter = options.retryAfter;
    this.body = options.body ?? problem;
  }

  /** The error for an answer that was not 2xx, `body` being its parsed JSON or its text. */
  static from(response: Response, body: unknown): ApiError {
    const header = response.headers.get('retry-after');
    const seconds = header === null ? NaN : Number(header);
    const options = { retryAfter: Number.isFinite(seconds) ? seconds : undefined, body };
    if (isProblem(body)) return new ApiError(body, options);
    const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
    const detail = text || `The API answered ${response.status} without a problem+json body`;
    return new ApiError(
      {
        type: 'about:blank',
        title: response.statusText || 'Error',
        status: response.status,
        detail,
        code: 'UNEXPECTED_RESPONSE',
        error: detail,
      },
      options,
    );
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { status, code, detail } = body as Record<string, unknown>;
  return typeof status === 'number' && typeof code === 'string' && typeof detail === 'string';
}
