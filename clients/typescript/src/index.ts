export { ApiError, ERROR_CODES } from './api-error';
export type { ErrorCode, FieldError, Problem, ServerErrorCode } from './api-error';
export { BookingClient, unwrap } from './booking-client';
export type {
  AvailableRooms,
  AvailableRoomsQuery,
  Booking,
  BookingClientOptions,
  CreateBookingRequest,
  DayAvailability,
  Message,
  MyBookings,
  RegisterRequest,
  RegisterResponse,
  Room,
  RoomType,
} from './booking-client';
export type { Fetch, TokenPair } from './token-session';
export type { components, paths } from './openapi';
