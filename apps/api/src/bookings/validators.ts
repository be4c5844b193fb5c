import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { isCalendarDate } from '@app/core';

/** Times as clients write them: HH:MM or HH:MM:SS (ranges are checked by the booking rules). */
export const CLOCK_TIME_SHAPE = /^\d{2}:\d{2}(:\d{2})?$/;

/** Room numbers as rooms carry them: upper-case letters, digits and hyphens, at most 10. */
export const ROOM_NUMBER_SHAPE = /^[A-Z0-9-]{1,10}$/;
export const ROOM_NUMBER_MESSAGE =
  'room_number must be 1 to 10 letters, digits or hyphens, such as P01 (case does not matter)';

/** Trims and upper-cases a room number as sent (p01 is P01); anything else is left to validate. */
export const normaliseRoomNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'date'} must be a real calendar date in YYYY-MM-DD format`,
      },
    });
}

/** The field only makes sense for the given room types: sending it with another is a 400. */
export function OnlyForRoomType(...roomTypes: string[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'onlyForRoomType',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          value === undefined ||
          roomTypes.includes((args?.object as { room_type?: string }).room_type ?? ''),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'field'} is only allowed for ${roomTypes.join(', ')} bookings`,
      },
    });
}
