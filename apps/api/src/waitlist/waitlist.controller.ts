import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
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
import { APP_CONFIG, AppConfig } from '@app/core';
import { WaitlistEntryRecord, WaitlistService } from '@app/waitlist';
import { actorOf } from '../bookings/actor';
import { toBookRequest } from '../bookings/bookings.controller';
import { CreateBookingRequest } from '../bookings/create-booking.request';
import { ApiErrors, ProblemResponse } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  Idempotent,
  IdempotencyKey,
  IdempotencyKeyParam,
} from '../http/idempotency';
import { ApiPageQuery, pageRequestFrom } from '../http/pagination';
import { ListWaitlistQuery } from './list-waitlist.query';
import { WaitlistEntryResponse, WaitlistPageResponse } from './waitlist.response';

@ApiTags('waitlist')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse)
@Controller('v1/waitlist')
export class WaitlistController {
  constructor(
    private readonly waitlist: WaitlistService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
  @Idempotent()
  @ApiCreatedResponse({ type: WaitlistEntryResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiErrors(400, 401, 403, 404, 409, 503)
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
      "The entries the caller created; admins see everyone's. Ordered by date, start time, " +
      'then place in line. Optional `status`.',
  })
  @ApiPageQuery()
  @ApiOkResponse({ type: WaitlistPageResponse })
  @ApiErrors(400, 401, 404)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListWaitlistQuery,
    @Req() request: FastifyRequest,
  ): Promise<WaitlistPageResponse> {
    const page = await this.waitlist.listEntries(
      actorOf(user),
      query.status,
      pageRequestFrom(query.page, query.page_size),
    );
    return WaitlistPageResponse.from(page, this.config.publicUrl, request);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One waitlist entry',
    description: 'Its creator and admins; 404 for anyone else.',
  })
  @ApiOkResponse({ type: WaitlistEntryResponse })
  @ApiErrors(400, 401, 404)
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
  @ApiErrors(400, 401, 404, 409, 503)
  async withdraw(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.waitlist.withdraw(actorOf(user), id);
  }
}
