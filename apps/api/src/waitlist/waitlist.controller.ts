import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser } from '@app/auth';
import { WaitlistEntryRecord, WaitlistService } from '@app/waitlist';
import { actorOf } from '../bookings/actor';
import { toBookRequest } from '../bookings/bookings.controller';
import { ApiJoinWaitlistBody, CreateBookingRequest } from '../bookings/create-booking.request';
import { ApiErrors, ERRORS, ProblemResponse } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  Idempotent,
  IdempotencyKey,
  IdempotencyKeyParam,
} from '../http/idempotency';
import { ApiPageQuery, Paginated } from '../http/pagination';
import { idCursor, PageCursors } from '../http/page-cursors';

const WAITLIST_CURSOR = idCursor('waitlist');
import { ListWaitlistQuery } from './list-waitlist.query';
import { WaitlistEntryResponse, WaitlistPageResponse } from './waitlist.response';

@ApiTags('waitlist')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse)
@Controller('v1/waitlist')
export class WaitlistController {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly cursors: PageCursors,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Wait for a taken slot; booked automatically when its hours free up',
    description:
      'The body of POST /api/v1/bookings/, with the same validation and permissions (a ' +
      'non-admin must take part: 403). Accepted only when booking it right now would fail with ' +
      'SLOT_TAKEN, decided under the locks a booking takes; a slot that can be booked is 409 ' +
      'SLOT_AVAILABLE, and any other refusal is the one the booking would get (409 ' +
      'MEMBER_DOUBLE_BOOKED, 400 past, ...). A member of the party already waiting for an ' +
      'overlapping hour of the room type: 409 ALREADY_WAITING. When a cancel (or any release ' +
      'of hours) frees overlapping hours, waiting entries are tried in FIFO order in that same ' +
      'transaction; each that fits is booked as its request would be and becomes PROMOTED ' +
      'with `booking_id`. Entries still waiting when their first hour begins become EXPIRED.',
  })
  @ApiJoinWaitlistBody()
  @Idempotent()
  @ApiCreatedResponse({ type: WaitlistEntryResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.input,
    ERRORS.bookingRequest,
    'TOO_SHORT_NOTICE',
    'QUOTA_EXCEEDED',
    'MEMBER_DOUBLE_BOOKED',
    'SLOT_AVAILABLE',
    'ALREADY_WAITING',
    ERRORS.database,
  )
  async join(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateBookingRequest,
    @IdempotencyKey() key: IdempotencyKeyParam,
  ): Promise<WaitlistEntryResponse> {
    const render = (entry: WaitlistEntryRecord) => WaitlistEntryResponse.from(entry);
    return render(
      await this.waitlist.join(actorOf(user), toBookRequest(body), key.storing(render)),
    );
  }

  @Get()
  @ApiOperation({
    summary: 'Waitlist entries, paginated',
    description:
      "The entries the caller created; admins see everyone's, in the order they were made. " +
      'Optional `status`; `?cursor=` as on the other lists.',
  })
  @ApiPageQuery()
  @ApiOkResponse({ type: WaitlistPageResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'PAGE_NOT_FOUND')
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListWaitlistQuery,
    @Req() request: FastifyRequest,
  ): Promise<Paginated<WaitlistEntryResponse>> {
    const pageRequest = this.cursors.read(WAITLIST_CURSOR, query);
    const page = await this.waitlist.listEntries(actorOf(user), query.status, pageRequest);
    return this.cursors.answer(WAITLIST_CURSOR, request, pageRequest, page, (entry) =>
      WaitlistEntryResponse.from(entry),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One waitlist entry',
    description: 'Its creator and admins; 404 for anyone else.',
  })
  @ApiOkResponse({ type: WaitlistEntryResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'NOT_FOUND', 'WAITLIST_ENTRY_NOT_FOUND')
  async get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<WaitlistEntryResponse> {
    return WaitlistEntryResponse.from(await this.waitlist.getEntry(actorOf(user), id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Leave the waitlist',
    description:
      'Its creator or an admin (404 for anyone else), only while WAITING (else 409 ' +
      'NOT_WAITING). The entry is kept as CANCELLED.',
  })
  @ApiNoContentResponse({ description: 'Left the waitlist' })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.input,
    'NOT_FOUND',
    'WAITLIST_ENTRY_NOT_FOUND',
    'NOT_WAITING',
    ERRORS.database,
  )
  async withdraw(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.waitlist.withdraw(actorOf(user), id);
  }
}
