import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional } from 'class-validator';
import { MAX_REPORT_DAYS, RoomType } from '@app/bookings';
import { ROOM_TYPES } from '@app/rooms';
import { IsCalendarDate } from '../bookings/validators';

export class UtilisationQuery {
  @ApiProperty({ example: '2030-01-01', description: 'First date of the report (inclusive)' })
  @IsDefined({ message: 'from is required' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    example: '2030-01-31',
    description: `Last date (inclusive), not before from; at most ${MAX_REPORT_DAYS} dates in all`,
  })
  @IsDefined({ message: 'to is required' })
  @IsCalendarDate()
  to!: string;

  @ApiPropertyOptional({ enum: ROOM_TYPES, description: 'Only rooms of this type' })
  @IsOptional()
  @IsIn(ROOM_TYPES)
  room_type?: RoomType;
}
