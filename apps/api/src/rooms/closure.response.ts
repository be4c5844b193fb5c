import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClosureRecord } from '@app/bookings';
import { formatHour } from '@app/core';
import { ROOM_TYPES, RoomType } from '@app/rooms';

export class ClosureRoomResponse {
  @ApiProperty({ example: 3 }) id!: number;
  @ApiProperty({ example: 'C01' }) room_number!: string;
  @ApiProperty({ enum: ROOM_TYPES }) room_type!: RoomType;
  @ApiProperty({ example: 6 }) capacity!: number;
}

export class ClosureResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({
    type: ClosureRoomResponse,
    nullable: true,
    description: 'null for a workspace-wide closure (every room)',
  })
  room!: ClosureRoomResponse | null;
  @ApiPropertyOptional({
    example: 'HQ',
    description: "A workspace-wide closure of one site's rooms only: that site's code",
  })
  site?: string;
  @ApiProperty({ example: '2030-01-20' }) start_date!: string;
  @ApiProperty({ example: '2030-01-21' }) end_date!: string;
  @ApiProperty({ example: '09:00:00', description: '09:00:00 for whole days' })
  start_time!: string;
  @ApiProperty({ example: '18:00:00', description: 'Exclusive; 18:00:00 for whole days' })
  end_time!: string;
  @ApiProperty({ example: 'Carpet cleaning' }) reason!: string;
  @ApiProperty({ example: 1, description: 'Member id of the admin who closed it' })
  created_by!: number;
  @ApiProperty({ example: '2030-01-15T10:30:00.000Z' }) created_at!: string;

  static from(closure: ClosureRecord): ClosureResponse {
    return {
      id: closure.id,
      room: closure.room && {
        id: closure.room.id,
        room_number: closure.room.roomNumber,
        room_type: closure.room.roomType,
        capacity: closure.room.capacity,
      },
      ...(closure.site ? { site: closure.site.code } : {}),
      start_date: closure.startDate,
      end_date: closure.endDate,
      start_time: formatHour(closure.startHour),
      end_time: formatHour(closure.endHour),
      reason: closure.reason,
      created_by: closure.createdBy,
      created_at: closure.createdAt.toISOString(),
    };
  }
}
