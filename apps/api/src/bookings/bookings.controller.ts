import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser } from '@app/auth';
import { BookRequest, BookingService, BookingView } from '@app/bookings';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { exampleBookingId } from '../http/example-dates';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  Idempotent,
  IdempotencyKey,
  IdempotencyKeyParam,
} from '../http/idempotency';
import { MemberResponse } from '../users/member.response';
import { MemberSummaryResponse } from '../users/member-summary.response';
import { actorOf } from './actor';
import {
  BookingPageResponse,
  BookingResponse,
  MessageResponse,
  MyBookingsResponse,
} from './booking.response';
import { ApiCreateBookingBody, CreateBookingRequest } from './create-booking.request';
import { RescheduleBookingRequest } from './reschedule-booking.request';
import { PageCursors } from '../http/page-cursors';
import { BOOKINGS_CURSOR, ListBookingsQuery } from './list-bookings.query';

const BOOKING_ID_PARAM = {
  name: 'booking_id',
  example: exampleBookingId('10:00:00', 'P01'),
  description: 'Human booking id: BK + YYYYMMDD + HHMMSS + room number, optionally -n',
};

/** The use case's request (nulls are "not given"); the waitlist sends the same body. */
export function toBookRequest(body: CreateBookingRequest): BookRequest {
  const slot = {
    date: body.date,
    timeSlot: body.time_slot,
    endTime: body.end_time ?? undefined,
    roomNumber: body.room_number ?? undefined,
    site: body.site ?? undefined,
  };
  switch (body.room_type) {
    case 'PRIVATE':
      return { ...slot, roomType: 'PRIVATE', userId: body.user_id ?? undefined };
    case 'CONFERENCE':
      return { ...slot, roomType: 'CONFERENCE', teamId: body.team_id as number };
    case 'SHARED_DESK':
      return { ...slot, roomType: 'SHARED_DESK', userIds: body.user_ids ?? undefined };
  }
}

const MEMBERS_SEEN_AS =
  ' Non-admins see other members as the members list shows them (`{id, name, is_child}`) ' +
  'and themselves in full; admins see everyone in full.';

@ApiTags('bookings')
@ApiBearerAuth()
@ApiExtraModels(MemberResponse, MemberSummaryResponse)
@Controller('v1/bookings')
export class BookingsController {
  constructor(
    private readonly bookings: BookingService,
    private readonly cursors: PageCursors,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Book a private room, a conference room or shared-desk seats',
    description:
      'PRIVATE takes `user_id` (default: the caller, an adult), CONFERENCE `team_id` (3+ members), ' +
      'SHARED_DESK `user_ids` (1-4 distinct ids, default: the caller; at least one adult; children ' +
      'are listed in `seats` with `seat_number: null`). Optional `end_time` books consecutive hours, ' +
      'all or none. Unknown member ids (user_id or user_ids) are a 400 UNKNOWN_MEMBERS naming them; ' +
      'an unknown team is a 404. A non-admin must take part in the booking (403). A room or member ' +
      'already taken in an hour is a 409 (SLOT_TAKEN, MEMBER_DOUBLE_BOOKED naming the member). ' +
      'Optional `room_number` asks for that room of the type or nothing.' +
      MEMBERS_SEEN_AS,
  })
  @Idempotent()
  @ApiCreateBookingBody()
  @ApiCreatedResponse({ type: BookingResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.input,
    ERRORS.bookingRequest,
    'SLOT_TAKEN',
    'MEMBER_DOUBLE_BOOKED',
    'TOO_SHORT_NOTICE',
    'QUOTA_EXCEEDED',
    ERRORS.database,
  )
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateBookingRequest,
    @IdempotencyKey() key: IdempotencyKeyParam,
  ): Promise<BookingResponse> {
    const render = (view: BookingView) => BookingResponse.from(view, user);
    return render(
      await this.bookings.book(actorOf(user), toBookRequest(body), key.storing(render)),
    );
  }

  @Get()
  @ApiOperation({
    summary: 'Bookings, paginated',
    description:
      'Admins see every booking, others those they created or take part in. Ordered by date, ' +
      'start time, room id (never changes, so a cursor keeps its place when a room is ' +
      'renamed), then booking id. `page_size` above 100 is capped at 100. A booking the caller ' +
      'left is not listed for them. `?page=` reaches 10,000 rows deep; `?cursor=` (from ' +
      '`next_cursor` or `next`) any depth at the cost of page 1.' +
      MEMBERS_SEEN_AS,
  })
  @ApiOkResponse({ type: BookingPageResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'PAGE_NOT_FOUND')
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListBookingsQuery,
    @Req() request: FastifyRequest,
  ): Promise<BookingPageResponse> {
    const pageRequest = this.cursors.read(BOOKINGS_CURSOR, query);
    const page = await this.bookings.listBookings(
      actorOf(user),
      {
        date: query.date,
        dateFrom: query.date_from,
        dateTo: query.date_to,
        roomType: query.room_type,
        status: query.status,
      },
      pageRequest,
    );
    return this.cursors.answer(BOOKINGS_CURSOR, request, pageRequest, page, (booking) =>
      BookingResponse.from(booking, user),
    );
  }

  @Get('my-bookings')
  @ApiOperation({
    summary: "The caller's bookings (made or taking part in), split active / cancelled",
    description: 'Bookings the caller left are not listed.' + MEMBERS_SEEN_AS,
  })
  @ApiOkResponse({ type: MyBookingsResponse })
  @ApiErrors(ERRORS.auth)
  async mine(@CurrentUser() user: AuthUser): Promise<MyBookingsResponse> {
    return MyBookingsResponse.from(await this.bookings.listMyBookings(actorOf(user)), user);
  }

  @Get(':booking_id')
  @ApiOperation({
    summary: 'One booking',
    description:
      'Visible to its creator, its participants and admins; 404 for anyone else, including a ' +
      'participant who left it.' +
      MEMBERS_SEEN_AS,
  })
  @ApiParam(BOOKING_ID_PARAM)
  @ApiOkResponse({ type: BookingResponse })
  @ApiErrors(ERRORS.auth, 'BOOKING_NOT_FOUND')
  async get(
    @CurrentUser() user: AuthUser,
    @Param('booking_id') bookingId: string,
  ): Promise<BookingResponse> {
    return BookingResponse.from(await this.bookings.getBooking(actorOf(user), bookingId), user);
  }

  @Post(':booking_id/reschedule')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a booking to other hours, another date or another room',
    description:
      'For an active booking that has not begun, by whoever may cancel it (creator, ' +
      'private-room occupant, admin). The same party is booked at the new hours and the old ' +
      'booking cancelled in one transaction, or nothing changes and the answer is the 4xx a ' +
      'new booking would get (409 SLOT_TAKEN, MEMBER_DOUBLE_BOOKED, 400 past or beyond the ' +
      'horizon, ...). Fields not given keep their value; a new `time_slot` alone keeps the ' +
      "duration; at least one field is needed. The booking's own hours never block its move. " +
      'The room is kept when it is free at the new hours, else the first free room of the ' +
      'type is taken, unless `room_number` names one. Answers the new booking (a new ' +
      '`booking_id`; `rescheduled_from` names the old one, now CANCELLED). 404 "Booking not ' +
      'found or already cancelled" for unknown, cancelled or begun bookings; 403 for anyone ' +
      'else who may see it.' +
      MEMBERS_SEEN_AS,
  })
  @ApiParam(BOOKING_ID_PARAM)
  @ApiOkResponse({ type: BookingResponse })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.input,
    'INVALID_TIME_SLOT',
    'SLOT_IN_PAST',
    'BEYOND_BOOKING_HORIZON',
    'INVALID_PARTY',
    'ROOM_TYPE_MISMATCH',
    'CANCEL_FORBIDDEN',
    'BOOKING_NOT_FOUND',
    'ROOM_NOT_FOUND',
    'ROOM_CLOSED',
    'TOO_SHORT_NOTICE',
    'SLOT_TAKEN',
    'MEMBER_DOUBLE_BOOKED',
    'QUOTA_EXCEEDED',
    'CANCEL_CUTOFF',
    ERRORS.database,
  )
  async reschedule(
    @CurrentUser() user: AuthUser,
    @Param('booking_id') bookingId: string,
    @Body() body: RescheduleBookingRequest,
  ): Promise<BookingResponse> {
    const moved = await this.bookings.reschedule(actorOf(user), bookingId, {
      date: body.date,
      timeSlot: body.time_slot,
      endTime: body.end_time,
      roomNumber: body.room_number,
    });
    return BookingResponse.from(moved, user);
  }

  @Post(':booking_id/leave')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Leave a booking someone else made for you',
    description:
      'For a participant who is not the creator: their seat and hours are freed at once, so ' +
      'they can book those hours elsewhere. A booking left without an adult is cancelled (a ' +
      'private room whose occupant leaves, a desk whose last adult leaves); a conference ' +
      'booking keeps its room. Answers the booking as it now stands, without the caller, who ' +
      'from then on gets 404 for it and no longer sees it in their lists. The creator gets ' +
      '409 CREATOR_CANNOT_LEAVE (cancel instead). 404 "Booking not found or already ' +
      'cancelled" for unknown or cancelled bookings and for anyone not taking part in it.' +
      MEMBERS_SEEN_AS,
  })
  @ApiParam(BOOKING_ID_PARAM)
  @ApiOkResponse({ type: BookingResponse })
  @ApiErrors(
    ERRORS.auth,
    'BOOKING_NOT_FOUND',
    'CREATOR_CANNOT_LEAVE',
    'CANCEL_CUTOFF',
    ERRORS.database,
  )
  async leave(
    @CurrentUser() user: AuthUser,
    @Param('booking_id') bookingId: string,
  ): Promise<BookingResponse> {
    return BookingResponse.from(await this.bookings.leave(actorOf(user), bookingId), user);
  }
}

@ApiTags('bookings')
@ApiBearerAuth()
@Controller('v1/cancel')
export class CancelController {
  constructor(private readonly bookings: BookingService) {}

  @Post(':booking_id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a booking (soft: the row is kept, every hour and seat is freed)',
    description:
      'Allowed for the creator, the private-room occupant and admins; anyone else gets 403 ' +
      '"You do not have permission to cancel this booking". 404 "Booking not found or already ' +
      'cancelled" for unknown or cancelled bookings.',
  })
  @ApiParam(BOOKING_ID_PARAM)
  @Idempotent()
  @ApiOkResponse({ type: MessageResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiErrors(ERRORS.auth, 'CANCEL_FORBIDDEN', 'BOOKING_NOT_FOUND', 'CANCEL_CUTOFF', ERRORS.database)
  async cancel(
    @CurrentUser() user: AuthUser,
    @Param('booking_id') bookingId: string,
    @IdempotencyKey() key: IdempotencyKeyParam,
  ): Promise<MessageResponse> {
    const render = (): MessageResponse => ({ message: 'Booking cancelled successfully' });
    await this.bookings.cancel(actorOf(user), bookingId, key.storing(render));
    return render();
  }
}
