import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { WEEKDAY_CODES } from '@app/bookings';
import { SITE_CODE_DOC, SITE_CODE_MESSAGE, SITE_CODE_PATTERN } from '../sites/site.request';

/** A year of minutes, leap day included: the longest notice or cutoff that makes sense. */
export const MAX_POLICY_MINUTES = 527_040;

const WEEKDAY_VALUES = [1, 2, 3, 4, 5, 6, 7, ...WEEKDAY_CODES];

/** Every key optional; null or absent: no limit. */
export class PolicyLimitsRequest {
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 24,
    example: 6,
    description: 'Hours a participant may hold on one date (inclusive: 6 allows 6)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24)
  max_hours_per_day?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 168,
    example: 20,
    description: 'Hours a participant may hold in one ISO week (Monday-Sunday, workspace zone)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  max_hours_per_week?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 10000,
    example: 10,
    description: 'Active bookings that have not ended a member may take part in',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  max_active_bookings?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: MAX_POLICY_MINUTES,
    example: 60,
    description: 'A booking must start at least this many minutes after it is made',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_POLICY_MINUTES)
  min_notice_min?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: MAX_POLICY_MINUTES,
    example: 30,
    description: 'Cancelling, leaving or moving a booking is refused this close to its start',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_POLICY_MINUTES)
  cancel_cutoff_min?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: 'array',
    items: { oneOf: [{ type: 'string', enum: [...WEEKDAY_CODES] }, { type: 'integer' }] },
    example: ['MO', 'TU', 'WE', 'TH', 'FR'],
    description:
      'Days that can be booked: MO..SU, or ISO weekday numbers 1 (Monday) to 7 (Sunday); ' +
      'answered as MO..SU. null: every day. Other days are closed, for admins too.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsIn(WEEKDAY_VALUES, {
    each: true,
    message: 'open_weekdays must hold weekdays MO..SU or ISO numbers 1 (Monday) to 7 (Sunday)',
  })
  open_weekdays?: (number | string)[] | null;
}

export class PoliciesByRoomTypeRequest {
  @ApiPropertyOptional({ type: PolicyLimitsRequest, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyLimitsRequest)
  PRIVATE?: PolicyLimitsRequest | null;

  @ApiPropertyOptional({ type: PolicyLimitsRequest, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyLimitsRequest)
  CONFERENCE?: PolicyLimitsRequest | null;

  @ApiPropertyOptional({ type: PolicyLimitsRequest, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyLimitsRequest)
  SHARED_DESK?: PolicyLimitsRequest | null;
}

/** The whole policy document: it replaces the stored one (what is not given has no limit). */
export class PutPoliciesRequest extends PolicyLimitsRequest {
  @ApiPropertyOptional({
    type: PoliciesByRoomTypeRequest,
    nullable: true,
    description:
      "Limits of one room type. Both a type's limit and the all-types limit apply: hours and " +
      'active bookings count that type only, resp. every type; the larger notice and cutoff ' +
      'apply; a date must be open in both open_weekdays.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PoliciesByRoomTypeRequest)
  by_room_type?: PoliciesByRoomTypeRequest | null;

  @ApiPropertyOptional({
    ...SITE_CODE_DOC,
    description:
      "A site's code: the body replaces that site's own limits (the company's stay and still " +
      'apply there, stricter wins); absent: the limits of every site',
  })
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: SITE_CODE_MESSAGE })
  site?: string;
}

/** GET's query: a site's code answers what binds bookings there. */
export class PoliciesQuery {
  @ApiPropertyOptional({
    ...SITE_CODE_DOC,
    description:
      "A site's code: the limits that bind bookings there (its own and the company's, " +
      'stricter wins); absent: the limits set for every site',
  })
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: SITE_CODE_MESSAGE })
  site?: string;
}
