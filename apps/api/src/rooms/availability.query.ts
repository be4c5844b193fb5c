import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { RoomType } from '@app/bookings';
import { ROOM_TYPES } from '@app/rooms';
import { CLOCK_TIME_SHAPE, IsCalendarDate } from '../bookings/validators';
import { EXAMPLE_DATE } from '../http/example-dates';
import { SITE_CODE_DOC, SITE_CODE_MESSAGE, SITE_CODE_PATTERN } from '../sites/site.request';

export class DayAvailabilityQuery {
  @ApiProperty({ example: EXAMPLE_DATE })
  @IsDefined({ message: 'date is required' })
  @IsCalendarDate()
  date!: string;

  @ApiPropertyOptional({ enum: ROOM_TYPES })
  @IsOptional()
  @IsIn(ROOM_TYPES)
  room_type?: RoomType;

  @ApiPropertyOptional(SITE_CODE_DOC)
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: SITE_CODE_MESSAGE })
  site?: string;
}

export class AvailableRoomsQuery extends DayAvailabilityQuery {
  @ApiProperty({ example: '10:00:00', description: 'On the hour, 09:00:00 to 17:00:00' })
  @IsDefined({ message: 'time_slot is required' })
  @IsString()
  @Matches(CLOCK_TIME_SHAPE, { message: 'time_slot must be a time in HH:MM:SS format' })
  time_slot!: string;
}
