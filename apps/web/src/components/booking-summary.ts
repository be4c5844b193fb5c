import type { Booking } from '../api/client';

const hhmm = (time: string) => time.slice(0, 5);

export const whenOf = (booking: Booking) =>
  `${booking.date}, ${hhmm(booking.time_slot)}–${hhmm(booking.end_time)}`;

/** Who the booking is for: the occupant, the team, or the people at the desk. */
export function whoOf(booking: Booking): string {
  if (booking.team) return `Team ${booking.team.name} (${booking.team.size})`;
  if (booking.seats.length > 0) return booking.seats.map((seat) => seat.user.name).join(', ');
  return booking.user?.name ?? '—';
}

export const ROOM_TYPE_NAMES = {
  PRIVATE: 'Private room',
  CONFERENCE: 'Conference room',
  SHARED_DESK: 'Shared desk',
} as const;
