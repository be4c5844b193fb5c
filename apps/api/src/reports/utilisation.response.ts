import { ApiProperty } from '@nestjs/swagger';
import { RoomType, RoomUtilisation, UtilisationReport } from '@app/bookings';
import { ROOM_TYPES } from '@app/rooms';

export class UtilisationRowResponse {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 1,
    description: 'null in per-type rows',
  })
  room_id!: number | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'P01',
    description: 'null in per-type rows',
  })
  room_number!: string | null;
  @ApiProperty({ enum: ROOM_TYPES, example: 'PRIVATE' }) room_type!: RoomType;
  @ApiProperty({
    type: 'integer',
    example: 279,
    description:
      'Open hours (9 a day, open weekdays) of the room less its closed hours; seat-hours for a ' +
      'shared desk (seats x hours)',
  })
  bookable_hours!: number;
  @ApiProperty({
    type: 'integer',
    example: 120,
    description:
      'Hours held by bookings not cancelled before they began (released ones included; one ' +
      'cancelled after it began counts the hours that had begun); seat-hours of each desk ' +
      'participant',
  })
  booked_hours!: number;
  @ApiProperty({ type: 'integer', example: 96, description: 'The part of booked_hours checked in' })
  checked_in_hours!: number;
  @ApiProperty({ type: 'integer', example: 8, description: 'The part of booked_hours released' })
  released_hours!: number;
  @ApiProperty({
    type: 'integer',
    example: 6,
    description: 'Hours of bookings cancelled before they began (a reschedule is not one)',
  })
  cancelled_hours!: number;
  @ApiProperty({
    type: 'number',
    example: 0.43,
    description: 'booked / bookable, 0 to 1 with 3 decimals; 0 when nothing is bookable',
  })
  utilisation!: number;

  static from(row: RoomUtilisation): UtilisationRowResponse {
    return {
      room_id: row.roomId,
      room_number: row.roomNumber,
      room_type: row.roomType,
      bookable_hours: row.bookableHours,
      booked_hours: row.bookedHours,
      checked_in_hours: row.checkedInHours,
      released_hours: row.releasedHours,
      cancelled_hours: row.cancelledHours,
      utilisation: row.utilisation,
    };
  }
}

export class UtilisationResponse {
  @ApiProperty({ example: '2030-01-01' }) from!: string;
  @ApiProperty({ example: '2030-01-31' }) to!: string;
  @ApiProperty({
    type: UtilisationRowResponse,
    isArray: true,
    description: 'Active rooms, by number',
  })
  rooms!: UtilisationRowResponse[];
  @ApiProperty({
    type: UtilisationRowResponse,
    isArray: true,
    description: 'One row per room type (only room_type when it is given), sums of its rooms',
  })
  room_types!: UtilisationRowResponse[];

  static from(report: UtilisationReport): UtilisationResponse {
    return {
      from: report.from,
      to: report.to,
      rooms: report.rooms.map((row) => UtilisationRowResponse.from(row)),
      room_types: report.roomTypes.map((row) => UtilisationRowResponse.from(row)),
    };
  }
}
