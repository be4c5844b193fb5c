/**
 * Stable, client-visible error codes (the contract's UPPER_SNAKE identifiers).
 * Adding one forces an entry in the HTTP status table (apps/api/src/http/status-by-code.ts).
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_REQUEST'
  | 'INVALID_TIME_SLOT'
  | 'SLOT_IN_PAST'
  | 'BEYOND_BOOKING_HORIZON'
  | 'INVALID_PARTY'
  | 'TEAM_TOO_SMALL'
  | 'TEAM_TOO_LARGE'
  | 'ROOM_TYPE_MISMATCH'
  | 'SLOT_TAKEN'
  | 'MEMBER_DOUBLE_BOOKED'
  | 'SERIES_CONFLICT'
  | 'QUOTA_EXCEEDED'
  | 'TOO_SHORT_NOTICE'
  | 'CANCEL_CUTOFF'
  | 'BOOKING_FORBIDDEN'
  | 'CANCEL_FORBIDDEN'
  | 'CREATOR_CANNOT_LEAVE'
  | 'CHECK_IN_FORBIDDEN'
  | 'CHECK_IN_CLOSED'
  | 'BOOKING_NOT_FOUND'
  | 'SERIES_NOT_FOUND'
  | 'MEMBER_NOT_FOUND'
  | 'UNKNOWN_MEMBERS'
  | 'TEAM_NOT_FOUND'
  | 'ROOM_NOT_FOUND'
  | 'SITE_NOT_FOUND'
  | 'SITE_REQUIRED'
  | 'SITE_CODE_TAKEN'
  | 'CLOSURE_NOT_FOUND'
  | 'ROOM_NUMBER_TAKEN'
  | 'ROOM_IN_USE'
  | 'ROOM_CLOSED'
  | 'CLOSURE_CONFLICT'
  | 'MEMBER_IN_USE'
  | 'LAST_ADMIN'
  | 'TEAM_IN_USE'
  | 'USERNAME_TAKEN'
  | 'EMAIL_TAKEN'
  | 'TEAM_NAME_TAKEN'
  | 'IDEMPOTENCY_KEY_IN_FLIGHT'
  | 'SLOT_AVAILABLE'
  | 'ALREADY_WAITING'
  | 'NOT_WAITING'
  | 'WAITLIST_ENTRY_NOT_FOUND'
  | 'WEBHOOK_NOT_FOUND'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'WEAK_PASSWORD'
  | 'INVALID_SET_PASSWORD_TOKEN'
  | 'WRONG_PASSWORD'
  | 'REGISTRATION_CLOSED'
  | 'INVALID_CREDENTIALS'
  | 'UNAUTHENTICATED'
  | 'INVALID_TOKEN'
  | 'REFRESH_TOKEN_REUSED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'PAGE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'TOO_MANY_ATTEMPTS'
  | 'BUSY'
  | 'DATABASE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export interface FieldError {
  field: string;
  message: string;
  /** The code the field alone would have had (a series' failing dates). */
  code?: DomainErrorCode;
}

/** A business-rule outcome; the HTTP layer maps `code` to a status. Never thrown for bugs. */
export class DomainError extends Error {
  /** Seconds a client should wait before trying again (a 429 or 503); sent as Retry-After. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}
