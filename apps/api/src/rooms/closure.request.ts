import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CLOCK_TIME_SHAPE, IsCalendarDate } from '../bookings/validators';
import { SITE_CODE_DOC, SITE_CODE_MESSAGE, SITE_CODE_PATTERN } from '../sites/site.request';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class CreateClosureRequest {
  @ApiProperty({ example: '2030-01-20', description: 'First closed date; not in the past' })
  @IsString()
  @IsCalendarDate()
  start_date!: string;

  @ApiProperty({
    example: '2030-01-21',
    description: 'Last closed date (inclusive), not before start_date; at most 366 dates in all',
  })
  @IsString()
  @IsCalendarDate()
  end_date!: string;

  @ApiPropertyOptional({
    example: '14:00:00',
    description: 'On the hour, 09:00:00-17:00:00; omitted with end_time: whole days',
  })
  @IsOptional()
  @IsString()
  @Matches(CLOCK_TIME_SHAPE, { message: 'start_time must be a time in HH:MM:SS format' })
  start_time?: string;

  @ApiPropertyOptional({
    example: '16:00:00',
    description: 'Exclusive, on the hour, 10:00:00-18:00:00 (14:00-16:00 closes two slots)',
  })
  @IsOptional()
  @IsString()
  @Matches(CLOCK_TIME_SHAPE, { message: 'end_time must be a time in HH:MM:SS format' })
  end_time?: string;

  @ApiProperty({ example: 'Carpet cleaning', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'reason must not be blank' })
  @MaxLength(200)
  reason!: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'true: active bookings inside the closure are cancelled in the same transaction ' +
      '(cancelled_by the admin); false: they make it a 409 CLOSURE_CONFLICT listing them',
  })
  @IsOptional()
  @IsBoolean()
  cancel_conflicting?: boolean;
}

/** A workspace-wide closure: of every site, or of one site's rooms. */
export class CreateWorkspaceClosureRequest extends CreateClosureRequest {
  @ApiPropertyOptional({
    ...SITE_CODE_DOC,
    description: "A site's code: close that site's rooms only; absent: every site's",
  })
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: SITE_CODE_MESSAGE })
  site?: string;
}

export class ListClosuresQuery {
  @ApiPropertyOptional({
    ...SITE_CODE_DOC,
    description:
      "Every closure that closes a room of this site (a code): its rooms' own, the site's, and those of every site",
  })
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: SITE_CODE_MESSAGE })
  site?: string;
}
