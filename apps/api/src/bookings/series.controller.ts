import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser } from '@app/auth';
import { SeriesRequest, SeriesService, SeriesView } from '@app/bookings';
import { ApiErrors, ERRORS, ProblemResponse } from '../http/api-errors.decorator';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  Idempotent,
  IdempotencyKey,
  IdempotencyKeyParam,
} from '../http/idempotency';
import { actorOf } from './actor';
import {
  ApiCreateSeriesBody,
  CancelSeriesRequest,
  CreateSeriesRequest,
} from './create-series.request';
import { SeriesCancelResponse, SeriesPreviewResponse, SeriesResponse } from './series.response';

/** The series id of the examples; the OpenAPI examples test's data has that series. */
export const EXAMPLE_SERIES_ID = 'SR7K2M9Q4XW1HD';

const SERIES_ID_PARAM = {
  name: 'series_id',
  schema: { type: 'string', pattern: '^SR[0-9A-Z]{10,30}$', example: EXAMPLE_SERIES_ID },
  description: 'SR + 10 to 30 capital letters and digits; anything else is a 404',
} as const;

function toSeriesRequest(body: CreateSeriesRequest): SeriesRequest {
  const series = {
    startDate: body.start_date,
    timeSlot: body.time_slot,
    endTime: body.end_time ?? undefined,
    roomNumber: body.room_number ?? undefined,
    site: body.site ?? undefined,
    recurrence: body.recurrence,
    onConflict: body.on_conflict ?? 'fail',
    dryRun: body.dry_run ?? false,
  };
  switch (body.room_type) {
    case 'PRIVATE':
      return { ...series, roomType: 'PRIVATE', userId: body.user_id ?? undefined };
    case 'CONFERENCE':
      return { ...series, roomType: 'CONFERENCE', teamId: body.team_id as number };
    case 'SHARED_DESK':
      return { ...series, roomType: 'SHARED_DESK', userIds: body.user_ids ?? undefined };
  }
}

@ApiTags('series')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse, SeriesPreviewResponse)
@Controller('v1/bookings/series')
export class CreateSeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @ApiOperation({
    summary: 'Book a recurring series (or preview it with dry_run)',
    description:
      'The party fields, `time_slot`, `end_time` and `room_number` are those of a single ' +
      'booking, with the same rules and permissions; `start_date` and `recurrence` give the ' +
      'dates (at most 100; one past the booking horizon: 400 BEYOND_BOOKING_HORIZON naming ' +
      '`recurrence`; a first occurrence whose slot has begun: 400 SLOT_IN_PAST, as a single ' +
      'booking). Every occurrence is an ordinary booking carrying `series_id`, allocated as a ' +
      'single booking would be, but the series prefers one room: the first room (desk) of the ' +
      'type free on every occurrence; only if none is, each occurrence takes the first room ' +
      'free that day. One transaction for the whole series. A date that cannot be booked gets ' +
      'the 409 code its single booking would have had: `on_conflict: fail` (default) answers ' +
      '409 SERIES_CONFLICT with `errors: [{field: date, message, code}]` and writes nothing; ' +
      '`skip` books the others and lists it in `skipped` (409 SERIES_CONFLICT when none is ' +
      'bookable). `dry_run: true` answers 200 with SeriesPreviewResponse (`series_id: null`, ' +
      '`booked` without ids) and writes nothing, with or without an Idempotency-Key (whose ' +
      'answer is stored like any other).',
  })
  @ApiCreateSeriesBody()
  @Idempotent()
  @ApiCreatedResponse({ type: SeriesResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiOkResponse({
    description: 'dry_run: what would be booked; nothing is written',
    schema: { $ref: getSchemaPath(SeriesPreviewResponse) },
    headers: IDEMPOTENT_REPLAYED_HEADER,
  })
  @ApiErrors(ERRORS.auth, ERRORS.input, ERRORS.bookingRequest, 'SERIES_CONFLICT', ERRORS.database)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateSeriesRequest,
    @IdempotencyKey() key: IdempotencyKeyParam,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SeriesResponse | SeriesPreviewResponse> {
    const dryRun = body.dry_run === true;
    const render = (view: SeriesView) =>
      dryRun ? SeriesPreviewResponse.from(view, user) : SeriesResponse.from(view, user);
    const view = await this.series.createSeries(
      actorOf(user),
      toSeriesRequest(body),
      key.storing(render, dryRun ? 200 : undefined),
    );
    if (dryRun) void reply.status(200);
    return render(view);
  }
}

@ApiTags('series')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse)
@Controller('v1/series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Get(':series_id')
  @ApiOperation({
    summary: 'A series with every occurrence as it stands',
    description:
      'For its creator, anyone taking part in one of its occurrences, and admins; 404 for ' +
      'anyone else and for malformed ids. `skipped` is omitted.',
  })
  @ApiParam(SERIES_ID_PARAM)
  @ApiOkResponse({ type: SeriesResponse })
  @ApiErrors(ERRORS.auth, 'SERIES_NOT_FOUND')
  async get(
    @CurrentUser() user: AuthUser,
    @Param('series_id') seriesId: string,
  ): Promise<SeriesResponse> {
    return SeriesResponse.from(await this.series.getSeries(actorOf(user), seriesId), user);
  }

  @Post(':series_id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel the occurrences of a series from a date on',
    description:
      'Cancels every ACTIVE occurrence on or after `from_date` (default: every one not yet ' +
      'begun) that has not begun, in one transaction; each is cancelled as a single cancel ' +
      'would (hours and seats freed at once). Who may: as for one booking: the creator and ' +
      'admins (every occurrence), a private-room occupant (theirs); anyone else who sees the ' +
      'series 403, others 404. Nothing left to cancel: 200 with `cancelled: []`.',
  })
  @ApiParam(SERIES_ID_PARAM)
  @ApiBody({ type: CancelSeriesRequest, required: false })
  @Idempotent()
  @ApiOkResponse({ type: SeriesCancelResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'CANCEL_FORBIDDEN', 'SERIES_NOT_FOUND', ERRORS.database)
  async cancel(
    @CurrentUser() user: AuthUser,
    @Param('series_id') seriesId: string,
    @Body() body: CancelSeriesRequest,
    @IdempotencyKey() key: IdempotencyKeyParam,
  ): Promise<SeriesCancelResponse> {
    const render = (cancelled: string[]): SeriesCancelResponse => ({
      message:
        cancelled.length === 0
          ? 'No occurrence left to cancel'
          : `Series cancelled: ${cancelled.length} occurrence${cancelled.length === 1 ? '' : 's'}`,
      cancelled,
    });
    return render(
      await this.series.cancelSeries(actorOf(user), seriesId, body?.from_date, key.storing(render)),
    );
  }
}
