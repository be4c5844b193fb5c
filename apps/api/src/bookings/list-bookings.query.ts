import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { BOOKING_STATUSES, BookingStatus, RoomType } from '@app/bookings';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@app/core';
import { ROOM_TYPES } from '@app/rooms';
import { IsCalendarDate } from './validators';
import { EXAMPLE_DATE } from '../http/example-dates';

export class ListBookingsQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: 'From 1; past the last page is a 404',
  })
  @IsOptional()
  page?: unknown;

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
