import { DomainError } from '@app/core';

export class UnknownRoom extends DomainError {
  constructor() {
    super('ROOM_NOT_FOUND', 'Room not found');
  }
}

export class RoomNumberTaken extends DomainError {
  constructor(roomNumber: string, why = 'another room has it') {
    const message = `Room number ${roomNumber} cannot be used: ${why}.`;
    super('ROOM_NUMBER_TAKEN', message, [{ field: 'room_number', message }]);
  }
}

/** An active booking that has not ended and stands in the way of a change. */
export interface BlockingBooking {
  bookingId: string;
  date: string;
  startHour: number;
  endHour: number;
}

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** The change would strand active bookings that have not ended: each is named in `errors`. */
export class RoomInUse extends DomainError {
  constructor(what: string, bookings: BlockingBooking[]) {
    super(
      'ROOM_IN_USE',
      `${what}: the room has active bookings that have not ended: ` +
        bookings.map((b) => b.bookingId).join(', '),
      bookings.map((b) => ({
        field: b.bookingId,
        message: `active booking on ${b.date} ${hh(b.startHour)}-${hh(b.endHour)}`,
      })),
    );
  }
}
