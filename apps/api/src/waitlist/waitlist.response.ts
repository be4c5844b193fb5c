import type { FastifyRequest } from 'fastify';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RoomType } from '@app/bookings';
import { formatHour, Page } from '@app/core';
import { ROOM_TYPES } from '@app/rooms';
import { WAITLIST_STATUSES, WaitlistEntryRecord, WaitlistStatus } from '@app/waitlist';
import { paginated } from '../http/pagination';

/** The booking body as sent, normalised: defaults filled in, end_time given, room upper-case. */
export class WaitlistRequestResponse {
  @ApiProperty({ enum: ROOM_TYPES }) room_type!: RoomType;
  @ApiProperty({ example: '2030-01-16' }) date!: string;
  @ApiProperty({ example: '10:00:00' }) time_slot!: string;
  @ApiProperty({ example: '11:00:00' }) end_time!: string;
  @ApiPropertyOptional({ example: 7, description: 'PRIVATE: the occupant' }) user_id?: number;
  @ApiPropertyOptional({ example: 3, description: 'CONFERENCE: the team' }) team_id?: number;
  @ApiPropertyOptional({ type: [Number], example: [7, 8], description: 'SHARED_DESK: the members' })
  user_ids?: number[];
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The room asked for' })
  room_number!: string | null;
}

export class WaitlistEntryResponse {
  @ApiProperty({ example: 12 }) id!: number;
  @ApiProperty({
    enum: WAITLIST_STATUSES,
    description: 'WAITING, then PROMOTED (booked), EXPIRED (its first hour began) or CANCELLED',
  })
  status!: WaitlistStatus;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1,
    description:
      '1-based place in line among the entries WAITING for an overlapping hour of the same ' +
      'room type and date (FIFO: created_at, then id); null once it no longer waits',
  })
  position!: number | null;
  @ApiProperty({ type: WaitlistRequestResponse }) request!: WaitlistRequestResponse;
  @ApiProperty({ example: '2030-01-15T10:30:00.000Z' }) created_at!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The booking made for it once PROMOTED',
  })
  booking_id!: string | null;

  static from(entry: WaitlistEntryRecord): WaitlistEntryResponse {
    const request: WaitlistRequestResponse = {
      room_type: entry.roomType,
      date: entry.date,
      time_slot: formatHour(entry.startHour),
      end_time: formatHour(entry.endHour),
    } as WaitlistRequestResponse;
    if (entry.memberId !== null) request.user_id = entry.memberId;
    if (entry.teamId !== null) request.team_id = entry.teamId;
    if (entry.memberIds !== null) request.user_ids = entry.memberIds;
    request.room_number = entry.roomNumber;
    return {
      id: entry.id,
      status: entry.status,
      position: entry.position,
      request,
      created_at: entry.createdAt.toISOString(),
      booking_id: entry.bookingId,
    };
  }
}

export class WaitlistPageResponse {
  @ApiProperty({ example: 2 }) count!: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) next!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) previous!: string | null;
  @ApiProperty({ type: WaitlistEntryResponse, isArray: true }) results!: WaitlistEntryResponse[];

  static from(
    page: Page<WaitlistEntryRecord>,
    publicUrl: string,
    request: FastifyRequest,
  ): WaitlistPageResponse {
    return paginated(publicUrl, request, page, (entry) => WaitlistEntryResponse.from(entry));
  }
}
