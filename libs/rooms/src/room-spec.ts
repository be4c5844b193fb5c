import { DomainError } from '@app/core';
import { RoomType } from './entities/room.entity';

/** Room numbers as stored: upper-case letters, digits and hyphens, 1 to 10. */
export const ROOM_NUMBER_PATTERN = /^[A-Z0-9-]{1,10}$/;

/** Seats a room of each type may have (the migration checks the same). */
export const CAPACITY_BY_TYPE: Record<RoomType, { min: number; max: number }> = {
  PRIVATE: { min: 1, max: 1 },
  CONFERENCE: { min: 3, max: 50 },
  SHARED_DESK: { min: 1, max: 12 },
};

export class InvalidRoom extends DomainError {
  constructor(field: 'room_number' | 'capacity', message: string) {
    super('VALIDATION_FAILED', message, [{ field, message }]);
  }
}

export function checkRoomNumber(roomNumber: string): void {
  if (!ROOM_NUMBER_PATTERN.test(roomNumber)) {
    throw new InvalidRoom(
      'room_number',
      'room_number must be 1 to 10 letters, digits or hyphens, such as P09 or DESK-A',
    );
  }
}

export function checkCapacity(roomType: RoomType, capacity: number): void {
  const { min, max } = CAPACITY_BY_TYPE[roomType];
  if (!Number.isInteger(capacity) || capacity < min || capacity > max) {
    throw new InvalidRoom(
      'capacity',
      min === max
        ? `A ${roomType} room has capacity ${min}.`
        : `A ${roomType} room has a capacity of ${min} to ${max}.`,
    );
  }
}
