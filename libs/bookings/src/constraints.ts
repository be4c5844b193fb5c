/** Constraint names from the migrations that this lib maps to domain outcomes. */
export const ROOM_CLAIMS_UQ = 'room_claims_date_hour_room_seat_uq';
export const MEMBER_CLAIMS_UQ = 'member_claims_member_starts_at_uq';
export const BOOKINGS_RESCHEDULED_FROM_UQ = 'bookings_rescheduled_from_uq';
export const BOOKINGS_BOOKING_ID_UQ = 'bookings_booking_id_uq';
