import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, ValidateIf } from 'class-validator';
import {
  CLOCK_TIME_SHAPE,
  IsCalendarDate,
  ROOM_NUMBER_MESSAGE,
  ROOM_NUMBER_SHAPE,
  normaliseRoomNumber,
} from './validators';
import { EXAMPLE_DATE } from '../http/example-dates';

/** Absent keeps the booking's value; null is a 400, not "keep" (as for other partial updates). */
const IfGiven = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** Where to move a booking: at least one field; what is not given keeps its value. */
export class RescheduleBookingRequest {
  @ApiPropertyOptional({ example: EXAMPLE_DATE, description: 'YYYY-MM-DD; default: the same date' })
  @IfGiven()
  @IsString()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({
    example: '14:00:00',
    description:
      'New start on the hour; without end_time the booking keeps its duration. Default: the ' +
      'same start',
  })
  @IfGiven()
  @IsString()
  @Matches(CLOCK_TIME_SHAPE, { message: 'time_slot must be a time in HH:MM:SS format' })
  time_slot?: string;

  @ApiPropertyOptional({
    example: '16:00:00',
    description: 'New exclusive end on the hour. Default: the same end, or the same duration',
  })
  @IfGiven()
  @IsString()
  @Matches(CLOCK_TIME_SHAPE, { message: 'end_time must be a time in HH:MM:SS format' })
  end_time?: string;

  @ApiPropertyOptional({
    example: 'P03',
    maxLength: 10,
    description:
      'That room of the type or nothing (case-insensitive). Default: the same room when it is ' +
      'free at the new hours, else the first free room of the type',
  })
  @IfGiven()
  @Transform(normaliseRoomNumber)
  @IsString()
  @Matches(ROOM_NUMBER_SHAPE, { message: ROOM_NUMBER_MESSAGE })
  room_number?: string;
}
