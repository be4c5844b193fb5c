import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  PickType,
  getSchemaPath,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { MAX_DESK_PARTY, RoomType } from '@app/bookings';
import { ROOM_TYPES } from '@app/rooms';
import { MAX_ID } from '@app/core';
import {
  CLOCK_TIME_SHAPE,
  IsCalendarDate,
  OnlyForRoomType,
  ROOM_NUMBER_MESSAGE,
  ROOM_NUMBER_SHAPE,
  normaliseRoomNumber,
} from './validators';
import { EXAMPLE_DATE } from '../http/example-dates';
import { EXAMPLE_ID, ID_SCHEMA } from '../http/id.param';
import { SITE_CODE_DOC, SITE_CODE_MESSAGE, SITE_CODE_PATTERN } from '../sites/site.request';

export class CreateBookingRequest {
  @ApiProperty({ enum: ROOM_TYPES, example: 'PRIVATE' })
  @IsIn(ROOM_TYPES)
  room_type!: RoomType;

  @ApiProperty({ example: EXAMPLE_DATE, description: 'YYYY-MM-DD, a real calendar date' })
  @IsString()
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ example: '10:00:00', description: 'Start, on the hour, 09:00:00 to 17:00:00' })
  @IsString()
  @Matches(CLOCK_TIME_SHAPE, { message: 'time_slot must be a time in HH:MM:SS format' })
  time_slot!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '12:00:00',
    description:
      'Exclusive end on the hour, after time_slot, at most 18:00:00; default (or null) +1 h',
  })
  @IsOptional()
  @IsString()
  @Matches(CLOCK_TIME_SHAPE, { message: 'end_time must be a time in HH:MM:SS format' })
  end_time?: string | null;

  @ApiPropertyOptional({
    ...ID_SCHEMA,
    nullable: true,
    example: 7,
    description: 'PRIVATE only: the occupant (an adult); defaults to the caller',
  })
  @IsOptional()
  @OnlyForRoomType('PRIVATE')
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  user_id?: number | null;

  @ApiPropertyOptional({
    ...ID_SCHEMA,
    example: EXAMPLE_ID,
    description: 'CONFERENCE only (and required there)',
  })
  @ValidateIf((o: CreateBookingRequest) => o.room_type === 'CONFERENCE' || o.team_id !== undefined)
  @IsDefined({ message: 'team_id is required for CONFERENCE bookings' })
  @OnlyForRoomType('CONFERENCE')
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  team_id?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { ...ID_SCHEMA },
    example: [7, 8, 9],
    description: `SHARED_DESK only: 1 to ${MAX_DESK_PARTY} distinct member ids; defaults to the caller alone`,
  })
  @IsOptional()
  @OnlyForRoomType('SHARED_DESK')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DESK_PARTY)
  @ArrayUnique({ message: 'user_ids must not contain duplicates' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  user_ids?: number[] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'P03',
    maxLength: 10,
    description:
      'That room of the type or nothing: 409 SLOT_TAKEN when it is taken (a desk: without a ' +
      'free seat for every adult in every hour), 400 ROOM_TYPE_MISMATCH when it is of another ' +
      'type, 404 ROOM_NOT_FOUND when there is no such room. Case-insensitive (p03 is P03). ' +
      'Without it (or null) the first free room of the type is taken.',
  })
  @IsOptional()
  @Transform(normaliseRoomNumber)
  @IsString()
  @Matches(ROOM_NUMBER_SHAPE, { message: ROOM_NUMBER_MESSAGE })
  room_number?: string | null;

  @ApiPropertyOptional({ ...SITE_CODE_DOC, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: SITE_CODE_MESSAGE })
  site?: string | null;
}

/*
 * The body documented per room type: a `oneOf` with a discriminator on room_type, one example
 * each. These classes only describe; CreateBookingRequest above validates.
 */
const SLOT_FIELDS = ['date', 'time_slot', 'end_time', 'room_number', 'site'] as const;

export class PrivateBookingRequest extends PickType(CreateBookingRequest, [
  ...SLOT_FIELDS,
  'user_id',
]) {
  @ApiProperty({ enum: ['PRIVATE'] }) room_type!: 'PRIVATE';
}

export class ConferenceBookingRequest extends PickType(CreateBookingRequest, SLOT_FIELDS) {
  @ApiProperty({ enum: ['CONFERENCE'] }) room_type!: 'CONFERENCE';

  @ApiProperty({ ...ID_SCHEMA, example: EXAMPLE_ID, description: 'The team (3+ members)' })
  team_id!: number;
}

export class SharedDeskBookingRequest extends PickType(CreateBookingRequest, [
  ...SLOT_FIELDS,
  'user_ids',
]) {
  @ApiProperty({ enum: ['SHARED_DESK'] }) room_type!: 'SHARED_DESK';
}

const VARIANTS = {
  PRIVATE: PrivateBookingRequest,
  CONFERENCE: ConferenceBookingRequest,
  SHARED_DESK: SharedDeskBookingRequest,
} satisfies Record<RoomType, unknown>;

/** One body example per room type (or only those that can work). */
export type RoomTypeExamples = Partial<Record<RoomType, { summary: string; value: object }>>;

/**
 * A body documented as a discriminated union of the room types (a `oneOf` with a discriminator
 * on room_type) with the given examples; the variants only describe, the route's class validates.
 */
export const ApiRoomTypeBody = (
  variants: Record<RoomType, Type<unknown>>,
  examples: RoomTypeExamples,
) =>
  applyDecorators(
    ApiExtraModels(...Object.values(variants)),
    ApiBody({
      schema: {
        oneOf: Object.values(variants).map((variant) => ({ $ref: getSchemaPath(variant) })),
        discriminator: {
          propertyName: 'room_type',
          mapping: Object.fromEntries(
            Object.entries(variants).map(([type, variant]) => [type, getSchemaPath(variant)]),
          ),
        },
      },
      examples,
    }),
  );

/** Two hours on the example date; 14:00 leaves 10:00 to the booking the id examples name. */
const exampleSlot = { date: EXAMPLE_DATE, time_slot: '14:00:00', end_time: '16:00:00' };

/** The booking body as a discriminated union of the room types, with one working example each. */
export const ApiCreateBookingBody = () =>
  ApiRoomTypeBody(VARIANTS, {
    PRIVATE: {
      summary: 'PRIVATE: a private room for the caller (user_id: for another adult)',
      value: { room_type: 'PRIVATE', ...exampleSlot },
    },
    CONFERENCE: {
      summary: `CONFERENCE: a conference room for team ${EXAMPLE_ID}`,
      value: { room_type: 'CONFERENCE', ...exampleSlot, team_id: EXAMPLE_ID },
    },
    SHARED_DESK: {
      summary: 'SHARED_DESK: a desk seat for the caller (user_ids: up to 4 people)',
      value: { room_type: 'SHARED_DESK', ...exampleSlot },
    },
  });

/**
 * The waitlist body: a booking's. Only a PRIVATE example: joining needs the slot full, and the
 * example data fills every private room at 16:00 of the example date (no conference room or
 * desk is full there).
 */
export const ApiJoinWaitlistBody = () =>
  ApiRoomTypeBody(VARIANTS, {
    PRIVATE: {
      summary: 'PRIVATE: wait for a private room for the caller at an hour all are taken',
      value: { room_type: 'PRIVATE', date: EXAMPLE_DATE, time_slot: '16:00:00' },
    },
  });
