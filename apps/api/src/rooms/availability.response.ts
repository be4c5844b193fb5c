import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HourAvailability, RoomAvailability, RoomRecord, RoomType } from '@app/bookings';
import { formatHour } from '@app/core';
import { isoMillisOfPgJson } from '@app/database';
import { ROOM_TYPES } from '@app/rooms';
import { EXAMPLE_DATE } from '../http/example-dates';

export class AvailableRoomResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'S01' }) room_number!: string;
  @ApiProperty({ enum: ROOM_TYPES }) room_type!: RoomType;
  @ApiProperty({ example: 4 }) capacity!: number;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z' }) created_at!: string;
  @ApiPropertyOptional({ example: 3, description: 'Shared desks only: seats free in the hour' })
  free_seats?: number;
}

export class AvailableRoomsResponse {
  @ApiProperty({ example: EXAMPLE_DATE }) date!: string;
  @ApiProperty({ example: '10:00:00' }) time_slot!: string;
  @ApiProperty({ type: AvailableRoomResponse, isArray: true })
  available_rooms!: AvailableRoomResponse[];
  @ApiProperty({ example: 12 }) count!: number;

  static from(found: {
    date: string;
    hour: number;
    rooms: RoomAvailability<RoomRecord>[];
  }): AvailableRoomsResponse {
    const available_rooms = found.rooms.map(({ room, freeSeats }) => ({
      id: room.id,
      room_number: room.roomNumber,
      room_type: room.roomType,
      capacity: room.capacity,
      created_at: isoMillisOfPgJson(room.createdAt),
      ...(freeSeats === null ? {} : { free_seats: freeSeats }),
    }));
    return {
      date: found.date,
      time_slot: formatHour(found.hour),
      available_rooms,
      count: available_rooms.length,
    };
  }
}

export class TypeAvailabilityResponse {
  @ApiProperty({ example: 2, description: 'Rooms of the type still bookable in the hour' })
  count!: number;
  @ApiProperty({ type: [String], example: ['P03', 'P07'] }) room_numbers!: string[];
}

export class DeskAvailabilityResponse extends TypeAvailabilityResponse {
  @ApiProperty({ example: 9, description: 'Free seats summed over the desks' })
  free_seats!: number;
}

export class SlotAvailabilityResponse {
  @ApiProperty({ example: '09:00:00' }) time_slot!: string;
  @ApiProperty({ example: '10:00:00' }) end_time!: string;
  @ApiPropertyOptional({ type: TypeAvailabilityResponse }) PRIVATE?: TypeAvailabilityResponse;
  @ApiPropertyOptional({ type: TypeAvailabilityResponse }) CONFERENCE?: TypeAvailabilityResponse;
  @ApiPropertyOptional({ type: DeskAvailabilityResponse }) SHARED_DESK?: DeskAvailabilityResponse;
}

export class DayAvailabilityResponse {
  @ApiProperty({ example: EXAMPLE_DATE }) date!: string;
  @ApiProperty({
    type: SlotAvailabilityResponse,
    isArray: true,
    description: '9 entries, 09:00:00 to 17:00:00; with room_type only that type is listed',
  })
  slots!: SlotAvailabilityResponse[];

  static from(
    date: string,
    hours: HourAvailability[],
    roomType?: RoomType,
  ): DayAvailabilityResponse {
    const wanted = (type: RoomType) => roomType === undefined || roomType === type;
    return {
      date,
      slots: hours.map(({ hour, byType }) => ({
        time_slot: formatHour(hour),
        end_time: formatHour(hour + 1),
        ...(wanted('PRIVATE')
          ? { PRIVATE: { count: byType.PRIVATE.count, room_numbers: byType.PRIVATE.roomNumbers } }
          : {}),
        ...(wanted('CONFERENCE')
          ? {
              CONFERENCE: {
                count: byType.CONFERENCE.count,
                room_numbers: byType.CONFERENCE.roomNumbers,
              },
            }
          : {}),
        ...(wanted('SHARED_DESK')
          ? {
              SHARED_DESK: {
                count: byType.SHARED_DESK.count,
                room_numbers: byType.SHARED_DESK.roomNumbers,
                free_seats: byType.SHARED_DESK.freeSeats ?? 0,
              },
            }
          : {}),
      })),
    };
  }
}
