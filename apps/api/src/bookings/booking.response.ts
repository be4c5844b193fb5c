import { ApiProperty } from '@nestjs/swagger';
import { BOOKING_STATUSES, BookingStatus, BookingView, MyBookings, RoomType } from '@app/bookings';
import { formatHour, isChildAge } from '@app/core';
import { ROOM_TYPES } from '@app/rooms';
import type { Viewer } from '@app/users';
import { EXAMPLE_DATE, exampleBookingId } from '../http/example-dates';
import { PageMetaResponse } from '../http/pagination';
import {
  memberSeenBy,
  VISIBLE_MEMBER_SCHEMA,
  VisibleMemberResponse,
} from '../users/visible-member.response';

const SEEN_AS =
  'Full member JSON for admins and for the caller; id, name, is_child for anyone else';

export class BookingRoomResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'P01' }) room_number!: string;
  @ApiProperty({ enum: ROOM_TYPES }) room_type!: RoomType;
  @ApiProperty({ example: 1 }) capacity!: number;
}

export class BookingTeamResponse {
  @ApiProperty({ example: 3 }) id!: number;
  @ApiProperty({ example: 'Platform' }) name!: string;
  @ApiProperty({ example: 4, description: 'Members in the booking, children included' })
  size!: number;
  @ApiProperty({ example: 3 }) adult_count!: number;
}

export class SeatResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1,
    description: 'Desk seat 1-4; null for a child, who is listed but takes no seat',
  })
  seat_number!: number | null;
  @ApiProperty({ ...VISIBLE_MEMBER_SCHEMA, description: SEEN_AS })
  user!: VisibleMemberResponse;
}

export class BookingResponse {
  @ApiProperty({ example: 42 }) id!: number;
  @ApiProperty({ example: exampleBookingId('10:00:00', 'P01') }) booking_id!: string;
  @ApiProperty({ type: BookingRoomResponse }) room!: BookingRoomResponse;
  @ApiProperty({
    ...VISIBLE_MEMBER_SCHEMA,
    nullable: true,
    description: `The private-room occupant; null otherwise (and once they left). ${SEEN_AS}`,
  })
  user!: VisibleMemberResponse | null;
  @ApiProperty({
    type: BookingTeamResponse,
    nullable: true,
    description:
      'Conference bookings: the team, sized from the booking participants (not those who left)',
  })
  team!: BookingTeamResponse | null;
  @ApiProperty({
    type: SeatResponse,
    isArray: true,
    description:
      'Shared desks: adults with their seat, children with seat_number null; those who left ' +
      'the booking are not listed',
  })
  seats!: SeatResponse[];
  @ApiProperty({ example: EXAMPLE_DATE }) date!: string;
  @ApiProperty({ example: '10:00:00' }) time_slot!: string;
  @ApiProperty({ example: '11:00:00' }) end_time!: string;
  @ApiProperty({ enum: BOOKING_STATUSES }) status!: BookingStatus;
  @ApiProperty({ example: 7, description: 'Member id of whoever made the booking' })
  created_by!: number;
  @ApiProperty({ example: '2030-01-15T10:31:00.000Z' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true }) cancelled_at!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The booking_id of the booking this one was moved from (reschedule); else null',
  })
  rescheduled_from!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The recurring series this booking is an occurrence of; else null',
  })
  series_id!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'When checked in' })
  checked_in_at!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description: 'Member id of whoever checked the booking in',
  })
  checked_in_by!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'When the booking was released as a no-show (status RELEASED)',
  })
  released_at!: string | null;

  /** `viewer` decides how much of each other member is shown (the members list's rule). */
  static from(view: BookingView, viewer: Viewer): BookingResponse {
    const occupant = view.participants.find((p) => p.member.id === view.memberId);
    return {
      id: view.id,
      booking_id: view.bookingId,
      room: {
        id: view.room.id,
        room_number: view.room.roomNumber,
        room_type: view.room.roomType,
        capacity: view.room.capacity,
      },
      user: occupant ? memberSeenBy(viewer, occupant.member) : null,
      team: view.team
        ? {
            id: view.team.id,
            name: view.team.name,
            size: view.participants.length,
            adult_count: view.participants.filter((p) => !isChildAge(p.member.age)).length,
          }
        : null,
      seats:
        view.room.roomType === 'SHARED_DESK'
          ? view.participants.map((p) => ({
              seat_number: p.seatNumber,
              user: memberSeenBy(viewer, p.member),
            }))
          : [],
      date: view.date,
      time_slot: formatHour(view.startHour),
      end_time: formatHour(view.endHour),
      status: view.status,
      created_by: view.createdBy,
      created_at: view.createdAt.toISOString(),
      cancelled_at: view.cancelledAt ? view.cancelledAt.toISOString() : null,
      rescheduled_from: view.rescheduledFrom,
      series_id: view.seriesId,
      checked_in_at: view.checkedInAt ? view.checkedInAt.toISOString() : null,
      checked_in_by: view.checkedInBy,
      released_at: view.releasedAt ? view.releasedAt.toISOString() : null,
    };
  }
}

export class BookingPageResponse extends PageMetaResponse {
  @ApiProperty({ type: BookingResponse, isArray: true }) results!: BookingResponse[];
}

export class UserInfoResponse {
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'ada' }) username!: string | null;
}

export class MyBookingsResponse {
  @ApiProperty({ type: UserInfoResponse }) user_info!: UserInfoResponse;
  @ApiProperty({ example: 3 }) total_bookings!: number;
  @ApiProperty({ example: 2 }) active_bookings!: number;
  @ApiProperty({ example: 1, description: 'Cancelled and released bookings' })
  cancelled_bookings!: number;
  @ApiProperty({ example: 0, description: 'Released no-shows (also counted as cancelled)' })
  released_bookings!: number;
  @ApiProperty({ type: BookingResponse, isArray: true }) active!: BookingResponse[];
  @ApiProperty({
    type: BookingResponse,
    isArray: true,
    description: 'Cancelled and released bookings, each with its status',
  })
  cancelled!: BookingResponse[];

  static from(mine: MyBookings, viewer: Viewer): MyBookingsResponse {
    return {
      user_info: { name: mine.name, username: mine.username },
      total_bookings: mine.active.length + mine.cancelled.length,
      active_bookings: mine.active.length,
      cancelled_bookings: mine.cancelled.length,
      released_bookings: mine.cancelled.filter((b) => b.status === 'RELEASED').length,
      active: mine.active.map((b) => BookingResponse.from(b, viewer)),
      cancelled: mine.cancelled.map((b) => BookingResponse.from(b, viewer)),
    };
  }
}

export class MessageResponse {
  @ApiProperty({ example: 'Booking cancelled successfully' }) message!: string;
}
