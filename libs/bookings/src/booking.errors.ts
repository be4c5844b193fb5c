import { DomainError } from '@app/core';

/** Rule 1, naming the field at fault (`time_slot` or `end_time`). */
export class InvalidTimeSlot extends DomainError {
  constructor(field: 'time_slot' | 'end_time', message: string) {
    super('INVALID_TIME_SLOT', message, [{ field, message }]);
  }
}

export class SlotInPast extends DomainError {
  constructor() {
    super('SLOT_IN_PAST', 'Cannot book a time slot that has already started or is in the past.');
  }
}

export class BeyondBookingHorizon extends DomainError {
  constructor(horizonDays: number) {
    super('BEYOND_BOOKING_HORIZON', `Bookings can be made at most ${horizonDays} days ahead.`);
  }
}

export class InvalidParty extends DomainError {
  constructor(message: string) {
    super('INVALID_PARTY', message);
  }
}

export class TeamTooSmall extends DomainError {
  constructor() {
    super('TEAM_TOO_SMALL', 'Conference rooms require teams of 3 or more');
  }
}

export class TeamTooLarge extends DomainError {
  constructor(adults: number, capacity: number) {
    super(
      'TEAM_TOO_LARGE',
      `The team has ${adults} adults but a conference room seats at most ${capacity}.`,
    );
  }
}

export class SlotTaken extends DomainError {
  constructor() {
    super('SLOT_TAKEN', 'No available room for the selected slot and type.');
  }
}

export class RoomNotFound extends DomainError {
  constructor(roomNumber: string) {
    super('ROOM_NOT_FOUND', `There is no room ${roomNumber}.`);
  }
}

/** The room named is out of service or closed in some hour asked for. */
export class RoomClosed extends DomainError {
  constructor(roomNumber: string) {
    super('ROOM_CLOSED', `Room ${roomNumber} is closed or out of service in the selected hours.`);
  }
}

export class RoomTypeMismatch extends DomainError {
  constructor(roomNumber: string, actual: string, asked: string) {
    const message = `Room ${roomNumber} is a ${actual} room, not ${asked}.`;
    super('ROOM_TYPE_MISMATCH', message, [{ field: 'room_number', message }]);
  }
}

export class MemberDoubleBooked extends DomainError {
  constructor(member: { id: number; name: string }) {
    super(
      'MEMBER_DOUBLE_BOOKED',
      `${member.name} (member ${member.id}) already has a booking in the selected time slot.`,
    );
  }
}

export class BookingForbidden extends DomainError {
  constructor() {
    super('BOOKING_FORBIDDEN', 'You may only create bookings you take part in.');
  }
}

export class CancelForbidden extends DomainError {
  constructor() {
    super('CANCEL_FORBIDDEN', 'You do not have permission to cancel this booking');
  }
}

export class CreatorCannotLeave extends DomainError {
  constructor() {
    super('CREATOR_CANNOT_LEAVE', 'The creator of a booking cannot leave it; cancel it instead.');
  }
}

export class BookingNotFound extends DomainError {
  constructor(message = 'Booking not found') {
    super('BOOKING_NOT_FOUND', message);
  }
}

/** Cancel answers the same for a missing, invisible or already cancelled booking. */
export class BookingNotFoundOrCancelled extends BookingNotFound {
  constructor() {
    super('Booking not found or already cancelled');
  }
}

export class InvalidQuery extends DomainError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', message, [{ field, message }]);
  }
}
