/** A member waits at most once for an hour of a room type (migration 1764450000000). */
export const WAITLIST_CLAIMS_MEMBER_HOUR_UQ = 'waitlist_claims_member_hour_uq';
