import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { FREQUENCIES, Frequency, RoomType, SeriesView, WEEKDAYS, Weekday } from '@app/bookings';
import { formatHour } from '@app/core';
import { ROOM_TYPES } from '@app/rooms';
import type { Viewer } from '@app/users';
import { BookingResponse } from './booking.response';

export class RecurrenceResponse {
  @ApiProperty({ enum: FREQUENCIES }) frequency!: Frequency;
  @ApiProperty({ example: 1 }) interval!: number;
  @ApiPropertyOptional({
    enum: WEEKDAYS,
    isArray: true,
    description: 'WEEKLY: the weekdays in week order, the default filled in',
  })
  weekdays?: Weekday[];
  @ApiPropertyOptional({ example: '2030-03-31' }) until?: string;
  @ApiPropertyOptional({ example: 10 }) count?: number;
}

export class SkippedOccurrenceResponse {
  @ApiProperty({ example: '2030-01-23' }) date!: string;
  @ApiProperty({
    example: 'SLOT_TAKEN',
    description: 'The code the single booking of that date would have had',
  })
  code!: string;
  @ApiProperty({ example: 'No available room for the selected slot and type.' }) detail!: string;
}

/** What every series answer shares. */
class SeriesBaseResponse {
  @ApiProperty({ enum: ROOM_TYPES }) room_type!: RoomType;
  @ApiProperty({ example: '2030-01-16' }) start_date!: string;
  @ApiProperty({ example: '10:00:00' }) time_slot!: string;
  @ApiProperty({ example: '11:00:00' }) end_time!: string;
  @ApiProperty({ type: RecurrenceResponse, description: 'The rule, normalised' })
  recurrence!: RecurrenceResponse;
}

/** In the order the rule is written (the stored jsonb keeps no key order). */
const recurrenceOf = ({ recurrence: r }: SeriesView): RecurrenceResponse => ({
  frequency: r.frequency,
  interval: r.interval,
  ...(r.weekdays ? { weekdays: r.weekdays } : {}),
  ...(r.until !== undefined ? { until: r.until } : {}),
  ...(r.count !== undefined ? { count: r.count } : {}),
});

const baseOf = (view: SeriesView) => ({
  room_type: view.roomType,
  start_date: view.startDate,
  time_slot: formatHour(view.startHour),
  end_time: formatHour(view.endHour),
  recurrence: recurrenceOf(view),
});

const skippedOf = (view: SeriesView): SkippedOccurrenceResponse[] =>
  (view.skipped ?? []).map((s) => ({ date: s.date, code: s.code, detail: s.detail }));

export class SeriesResponse extends SeriesBaseResponse {
  @ApiProperty({ example: 'SR7K2M9Q4XW1HD', description: 'SR + 10 or more letters and digits' })
  series_id!: string;
  @ApiProperty({
    type: BookingResponse,
    isArray: true,
    description:
      'Occurrences in date order, each an ordinary booking carrying series_id. GET: every ' +
      'occurrence as it stands now (cancelled and released ones included)',
  })
  booked!: BookingResponse[];
  @ApiPropertyOptional({
    type: SkippedOccurrenceResponse,
    isArray: true,
    description: 'Create only (omitted by GET): dates not booked under on_conflict skip',
  })
  skipped?: SkippedOccurrenceResponse[];

  static from(view: SeriesView, viewer: Viewer): SeriesResponse {
    return {
      series_id: view.seriesId ?? '',
      ...baseOf(view),
      booked: view.booked.map((b) => BookingResponse.from(b, viewer)),
      ...(view.skipped ? { skipped: skippedOf(view) } : {}),
    };
  }
}

/** An occurrence a dry run would book: a booking without the ids and timestamp it would get. */
export class PlannedBookingResponse extends OmitType(BookingResponse, [
  'id',
  'booking_id',
  'created_at',
] as const) {}

export class SeriesPreviewResponse extends SeriesBaseResponse {
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Always null' })
  series_id!: null;
  @ApiProperty({
    type: PlannedBookingResponse,
    isArray: true,
    description: 'What would be booked, in date order, without id, booking_id and created_at',
  })
  booked!: PlannedBookingResponse[];
  @ApiProperty({ type: SkippedOccurrenceResponse, isArray: true })
  skipped!: SkippedOccurrenceResponse[];

  static from(view: SeriesView, viewer: Viewer): SeriesPreviewResponse {
    return {
      series_id: null,
      ...baseOf(view),
      booked: view.booked.map((b) => {
        const {
          id: _id,
          booking_id: _bookingId,
          created_at: _createdAt,
          ...planned
        } = BookingResponse.from(b, viewer);
        return planned;
      }),
      skipped: skippedOf(view),
    };
  }
}

export class SeriesCancelResponse {
  @ApiProperty({ example: 'Series cancelled: 3 occurrences' }) message!: string;
  @ApiProperty({
    type: String,
    isArray: true,
    example: ['BK20300123100000P01', 'BK20300130100000P01'],
    description: 'booking_id of every occurrence cancelled now, in date order',
  })
  cancelled!: string[];
}
