import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { BOOKING_STATUSES, BookingKey, BookingStatus, RoomType } from '@app/bookings';
import { DEFAULT_PAGE_SIZE, isCalendarDate, MAX_PAGE_SIZE } from '@app/core';
import { ROOM_TYPES } from '@app/rooms';
import { CURSOR_DESCRIPTION, PAGE_DESCRIPTION } from '../http/pagination';
import { CursorKind, isId } from '../http/page-cursors';
import { IsCalendarDate } from './validators';
import { EXAMPLE_DATE } from '../http/example-dates';

/**
 * The bookings list's keyset position, [date, start hour, room id, id], in its cursor. A
 * cursor of the earlier [date, start hour, room number, id] form is not one: a 400.
 */
export const BOOKINGS_CURSOR: CursorKind<BookingKey> = {
  list: 'bookings',
  toJson: (key) => [key.date, key.startHour, key.roomId, key.id],
  fromJson: (json) => {
    if (!Array.isArray(json) || json.length !== 4) return null;
    const [date, startHour, roomId, id] = json as unknown[];
    if (typeof date !== 'string' || !isCalendarDate(date)) return null;
    if (!Number.isInteger(startHour) || (startHour as number) < 0 || (startHour as number) > 23)
      return null;
    if (!isId(roomId) || !isId(id)) return null;
    return { date, startHour: startHour as number, roomId, id };
  },
};

export class ListBookingsQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: PAGE_DESCRIPTION,
  })
  @IsOptional()
  page?: unknown;

  @ApiPropertyOptional({ type: String, description: CURSOR_DESCRIPTION })
  @IsOptional()
  cursor?: unknown;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 10,
    description: `Default ${DEFAULT_PAGE_SIZE}; larger than ${MAX_PAGE_SIZE} is capped`,
  })
  @IsOptional()
  page_size?: unknown;

  @ApiPropertyOptional({ example: EXAMPLE_DATE })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ example: EXAMPLE_DATE })
  @IsOptional()
  @IsCalendarDate()
  date_from?: string;

  @ApiPropertyOptional({ example: EXAMPLE_DATE })
  @IsOptional()
  @IsCalendarDate()
  date_to?: string;

  @ApiPropertyOptional({ enum: ROOM_TYPES })
  @IsOptional()
  @IsIn(ROOM_TYPES)
  room_type?: RoomType;

  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES)
  status?: BookingStatus;
}
