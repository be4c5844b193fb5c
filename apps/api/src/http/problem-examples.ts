import { DomainErrorCode } from '@app/core';

/**
 * The `detail` of each code's example in the OpenAPI document, as the API words it. A code
 * missing here still gets an example, with its status's generic wording.
 */
export const EXAMPLE_DETAIL: Partial<Record<DomainErrorCode, string>> = {
  VALIDATION_FAILED: 'age must not be less than 0',
  MALFORMED_REQUEST: 'Malformed JSON in the request body',
  INVALID_TIME_SLOT: 'time_slot must be on the hour, from 09:00:00 to 17:00:00',
  SLOT_IN_PAST: 'Cannot book a time slot that has already started or is in the past.',
  BEYOND_BOOKING_HORIZON: 'Bookings can be made at most 90 days ahead.',
  TOO_SHORT_NOTICE:
    'Bookings must start at least 120 minutes ahead (min_notice_min); this one starts in 45.',
  QUOTA_EXCEEDED:
    'Grace Hopper (member 7) would have 8 hours on 2030-01-15, past max_hours_per_day 6 (all room types).',
  CANCEL_CUTOFF:
    'Bookings can be cancelled up to 60 minutes before they start (cancel_cutoff_min); this one starts in 30.',
  INVALID_PARTY: 'A shared desk booking needs at least one adult',
  TEAM_TOO_SMALL: 'Conference rooms require teams of 3 or more',
  TEAM_TOO_LARGE: 'The team has 7 adults but a conference room seats at most 6.',
  ROOM_TYPE_MISMATCH: 'Room C01 is a CONFERENCE room, not a PRIVATE room',
  UNKNOWN_MEMBERS: 'Unknown member id(s): 99',
  WEAK_PASSWORD: 'This password is too common.',
  INVALID_CREDENTIALS: 'No active account found with the given credentials',
  UNAUTHENTICATED: 'Authentication credentials were not provided',
  INVALID_TOKEN: 'Token is invalid or expired',
  REFRESH_TOKEN_REUSED:
    'Refresh token has already been used; every token of its session is now revoked',
  BOOKING_FORBIDDEN: 'You may only create bookings you take part in.',
  CANCEL_FORBIDDEN: 'You do not have permission to cancel this booking',
  FORBIDDEN: 'You do not have permission to perform this action',
  BOOKING_NOT_FOUND: 'Booking not found or already cancelled',
  MEMBER_NOT_FOUND: 'Member not found',
  TEAM_NOT_FOUND: 'Team not found',
  ROOM_NOT_FOUND: 'There is no room P42.',
  WEBHOOK_NOT_FOUND: 'Webhook endpoint not found',
  SITE_NOT_FOUND: 'Site not found',
  SITE_REQUIRED: 'There are several sites: give `site` (a site code) or set your home_site.',
  SITE_CODE_TAKEN: 'Site code PAR is taken.',
  NOT_FOUND: 'Not found',
  PAGE_NOT_FOUND: 'Invalid page.',
  SLOT_TAKEN: 'No available room for the selected slot and type.',
  MEMBER_DOUBLE_BOOKED: 'Grace Hopper (member 7) already has a booking in the selected time slot.',
  CREATOR_CANNOT_LEAVE: 'The creator of a booking cannot leave it; cancel it instead.',
  MEMBER_IN_USE: 'This member takes part in active bookings that have not ended; cancel them first',
  LAST_ADMIN: 'This is the last active admin account; make another admin before deleting it',
  TEAM_IN_USE: 'This team has active bookings that have not ended; cancel them first',
  USERNAME_TAKEN: 'A user with that username already exists',
  EMAIL_TAKEN: 'A user with that email already exists',
  TEAM_NAME_TAKEN: 'A team with that name already exists',
  IDEMPOTENCY_KEY_IN_FLIGHT:
    'A request with this Idempotency-Key is still being processed; retry shortly',
  IDEMPOTENCY_KEY_REUSED:
    'This Idempotency-Key was already used for another request (a different path or body); ' +
    'send a new key for a new request',
  RATE_LIMITED: 'Too many requests; retry later',
  TOO_MANY_ATTEMPTS: 'Too many failed logins for this username; retry in 8 s',
  BUSY: 'The service is busy with concurrent requests; retry shortly',
  DATABASE_UNAVAILABLE: 'The database is unavailable; retry shortly',
};
