import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ROOM_NUMBER_PATTERN, ROOM_TYPES, RoomType } from '@app/rooms';
import { SITE_CODE_DOC, SITE_CODE_MESSAGE, SITE_CODE_PATTERN } from '../sites/site.request';

const ROOM_NUMBER_DOC = {
  example: 'S04',
  minLength: 1,
  maxLength: 10,
  pattern: '^[A-Za-z0-9-]{1,10}$',
  description:
    'Letters, digits and hyphens; lower case is turned upper; unique case-insensitively ' +
    'within a site (409 ROOM_NUMBER_TAKEN)',
};
const ROOM_NUMBER_MESSAGE =
  'room_number must be 1 to 10 letters, digits or hyphens (no spaces), such as P09 or DESK-A';

/** Upper-cases a room number as sent; spaces are kept, so they are refused. */
const upperCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toUpperCase() : value;

const CAPACITY_DOC =
  'PRIVATE: 1; CONFERENCE: 3-50; SHARED_DESK: 1-12 (a desk has that many numbered seats)';

export class CreateRoomRequest {
  @ApiProperty(ROOM_NUMBER_DOC)
  @Transform(upperCase)
  @IsString()
  @Matches(ROOM_NUMBER_PATTERN, { message: ROOM_NUMBER_MESSAGE })
  room_number!: string;

  @ApiProperty({ enum: ROOM_TYPES, example: 'SHARED_DESK' })
  @IsIn(ROOM_TYPES)
  room_type!: RoomType;

  @ApiProperty({ type: 'integer', example: 6, minimum: 1, maximum: 50, description: CAPACITY_DOC })
  @IsInt()
  @Min(1)
  @Max(50)
  capacity!: number;

  @ApiPropertyOptional(SITE_CODE_DOC)
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: SITE_CODE_MESSAGE })
  site?: string;
}

export class UpdateRoomRequest {
  @ApiPropertyOptional(ROOM_NUMBER_DOC)
  @IsOptional()
  @Transform(upperCase)
  @IsString()
  @Matches(ROOM_NUMBER_PATTERN, { message: ROOM_NUMBER_MESSAGE })
  room_number?: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 4,
    minimum: 1,
    maximum: 50,
    description: `${CAPACITY_DOC}. A desk cannot lose a seat a booking that has not ended holds (409 ROOM_IN_USE).`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  capacity?: number;

  @ApiPropertyOptional({
    example: false,
    description: 'false deactivates (409 ROOM_IN_USE while bookings of it have not ended)',
  })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}
