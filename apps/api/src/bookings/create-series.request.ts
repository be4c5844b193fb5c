import {
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  OmitType,
  PickType,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  FREQUENCIES,
  Frequency,
  MAX_INTERVAL,
  MAX_OCCURRENCES,
  OnConflict,
  WEEKDAYS,
  Weekday,
} from '@app/bookings';
import {
  ApiRoomTypeBody,
  ConferenceBookingRequest,
  CreateBookingRequest,
  PrivateBookingRequest,
  SharedDeskBookingRequest,
} from './create-booking.request';
import { EXAMPLE_DATE } from '../http/example-dates';
import { EXAMPLE_ID } from '../http/id.param';
import { IsCalendarDate } from './validators';

export class RecurrenceRequest {
  @ApiProperty({ enum: FREQUENCIES, example: 'WEEKLY' })
  @IsIn(FREQUENCIES, { message: 'frequency must be DAILY or WEEKLY' })
  frequency!: Frequency;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_INTERVAL,
    default: 1,
    example: 1,
    description: 'Every n days (DAILY) or weeks (WEEKLY)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INTERVAL)
  interval?: number;

  @ApiPropertyOptional({
    enum: WEEKDAYS,
    isArray: true,
    example: ['MO', 'TH'],
    description:
      "WEEKLY only (400 with DAILY); distinct; default: start_date's weekday. Weeks run Monday " +
      "to Sunday and are counted from start_date's week.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEEKDAYS.length)
  @ArrayUnique({ message: 'weekdays must not contain duplicates' })
  @IsIn(WEEKDAYS, { each: true, message: `each weekday must be one of ${WEEKDAYS.join(', ')}` })
  weekdays?: Weekday[];

  @ApiPropertyOptional({
    example: '2030-03-31',
    description: 'Last date (inclusive), not before start_date; exactly one of until and count',
  })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  until?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_OCCURRENCES,
    example: 10,
    description: 'Number of occurrences; exactly one of until and count',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_OCCURRENCES)
  count?: number;
}

/** A series: a single booking's body with start_date for date, plus the rule. */
export class CreateSeriesRequest extends OmitType(CreateBookingRequest, ['date'] as const) {
  @ApiProperty({
    example: EXAMPLE_DATE,
    description: 'YYYY-MM-DD; the first occurrence when it matches the rule',
  })
  @IsString()
  @IsCalendarDate()
  start_date!: string;

  @ApiProperty({
    type: RecurrenceRequest,
    description: `At most ${MAX_OCCURRENCES} occurrences, none past the booking horizon`,
  })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RecurrenceRequest)
  recurrence!: RecurrenceRequest;

  @ApiPropertyOptional({
    enum: ['fail', 'skip'],
    default: 'fail',
    description:
      'fail: every occurrence or none (409 SERIES_CONFLICT naming each failing date); skip: ' +
      'the bookable ones are booked, the others listed in `skipped` (409 if none is bookable)',
  })
  @IsOptional()
  @IsIn(['fail', 'skip'])
  on_conflict?: OnConflict;

  @ApiPropertyOptional({
    default: false,
    description: 'true: answer 200 with what would be booked (no ids) and write nothing',
  })
  @IsOptional()
  @IsBoolean()
  dry_run?: boolean;
}

export class CancelSeriesRequest {
  @ApiPropertyOptional({
    example: '2030-02-01',
    description: 'Cancel occurrences on or after this date (default: every one not yet begun)',
  })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  from_date?: string;
}

/*
 * The series body documented per room type, as a single booking's (a `oneOf` with a
 * discriminator on room_type); these classes only describe, CreateSeriesRequest validates.
 */
const SERIES_FIELDS = ['start_date', 'recurrence', 'on_conflict', 'dry_run'] as const;
export class PrivateSeriesRequest extends IntersectionType(
  OmitType(PrivateBookingRequest, ['date'] as const),
  PickType(CreateSeriesRequest, SERIES_FIELDS),
) {}
export class ConferenceSeriesRequest extends IntersectionType(
  OmitType(ConferenceBookingRequest, ['date'] as const),
  PickType(CreateSeriesRequest, SERIES_FIELDS),
) {}
export class SharedDeskSeriesRequest extends IntersectionType(
  OmitType(SharedDeskBookingRequest, ['date'] as const),
  PickType(CreateSeriesRequest, SERIES_FIELDS),
) {}

/** Two hours on the example date and the same weekday a week later. */
const exampleSeries = {
  start_date: EXAMPLE_DATE,
  time_slot: '14:00:00',
  end_time: '16:00:00',
  recurrence: { frequency: 'WEEKLY', count: 2 },
};

/** The series body per room type, with one working example each. */
export const ApiCreateSeriesBody = () =>
  ApiRoomTypeBody(
    {
      PRIVATE: PrivateSeriesRequest,
      CONFERENCE: ConferenceSeriesRequest,
      SHARED_DESK: SharedDeskSeriesRequest,
    },
    {
      PRIVATE: {
        summary: 'PRIVATE: a private room for the caller, two weeks running',
        value: { room_type: 'PRIVATE', ...exampleSeries },
      },
      CONFERENCE: {
        summary: `CONFERENCE: a conference room for team ${EXAMPLE_ID}, two weeks running`,
        value: { room_type: 'CONFERENCE', ...exampleSeries, team_id: EXAMPLE_ID },
      },
      SHARED_DESK: {
        summary: 'SHARED_DESK: a desk seat for the caller, two weeks running',
        value: { room_type: 'SHARED_DESK', ...exampleSeries },
      },
    },
  );
