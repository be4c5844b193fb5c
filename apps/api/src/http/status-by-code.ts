import { DomainErrorCode } from '@app/core';

/** HTTP status of every domain error code; a new code without a status does not compile. */
export const STATUS_BY_CODE = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  INVALID_TIME_SLOT: 400,
  SLOT_IN_PAST: 400,
  BEYOND_BOOKING_HORIZON: 400,
  TOO_SHORT_NOTICE: 400,
  INVALID_PARTY: 400,
  TEAM_TOO_SMALL: 400,
  TEAM_TOO_LARGE: 400,
  ROOM_TYPE_MISMATCH: 400,
  UNKNOWN_MEMBERS: 400,
  WEAK_PASSWORD: 400,
  INVALID_SET_PASSWORD_TOKEN: 400,
  WRONG_PASSWORD: 400,
  INVALID_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  REFRESH_TOKEN_REUSED: 401,
  BOOKING_FORBIDDEN: 403,
  CANCEL_FORBIDDEN: 403,
  CHECK_IN_FORBIDDEN: 403,
  FORBIDDEN: 403,
  REGISTRATION_CLOSED: 403,
  BOOKING_NOT_FOUND: 404,
  SERIES_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  TEAM_NOT_FOUND: 404,
  ROOM_NOT_FOUND: 404,
  SITE_NOT_FOUND: 404,
  SITE_REQUIRED: 400,
  SITE_CODE_TAKEN: 409,
  CLOSURE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  PAGE_NOT_FOUND: 404,
  WAITLIST_ENTRY_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SLOT_TAKEN: 409,
  MEMBER_DOUBLE_BOOKED: 409,
  SERIES_CONFLICT: 409,
  QUOTA_EXCEEDED: 409,
  CANCEL_CUTOFF: 409,
  CREATOR_CANNOT_LEAVE: 409,
  CHECK_IN_CLOSED: 409,
  MEMBER_IN_USE: 409,
  LAST_ADMIN: 409,
  TEAM_IN_USE: 409,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  TEAM_NAME_TAKEN: 409,
  ROOM_NUMBER_TAKEN: 409,
  ROOM_IN_USE: 409,
  ROOM_CLOSED: 409,
  CLOSURE_CONFLICT: 409,
  IDEMPOTENCY_KEY_IN_FLIGHT: 409,
  SLOT_AVAILABLE: 409,
  ALREADY_WAITING: 409,
  NOT_WAITING: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  BUSY: 503,
  DATABASE_UNAVAILABLE: 503,
} as const satisfies Record<DomainErrorCode, number>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const titleOf = (status: number): string => TITLES[status] ?? 'Error';

/** Generic code for framework exceptions that carry only a status. */
export function codeForStatus(status: number): DomainErrorCode {
  switch (status) {
    case 400:
      return 'MALFORMED_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'DATABASE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST';
  }
}
