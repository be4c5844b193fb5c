import { ApiProperty } from '@nestjs/swagger';
import { ROOM_TYPES, Room, RoomType } from '@app/rooms';

export class SiteRefResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'HQ' }) code!: string;
}

export class RoomResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'P01' }) room_number!: string;
  @ApiProperty({ enum: ROOM_TYPES, example: 'PRIVATE' }) room_type!: RoomType;
  @ApiProperty({ example: 1 }) capacity!: number;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: true, description: 'Inactive rooms are never allocated nor shown free' })
  is_active!: boolean;
  @ApiProperty({ type: SiteRefResponse, description: 'The site (office) the room is in' })
  site!: SiteRefResponse;

  static from(room: Room): RoomResponse {
    return {
      id: room.id,
      room_number: room.roomNumber,
      room_type: room.roomType,
      capacity: room.capacity,
      created_at: room.createdAt.toISOString(),
      is_active: room.isActive,
      site: { id: room.siteId, code: room.site?.code ?? '' },
    };
  }
}
