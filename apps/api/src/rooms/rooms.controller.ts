import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { AvailabilityService, ClosuresService } from '@app/bookings';
import { RoomsService, SitesService } from '@app/rooms';
import { ListRoomsQuery } from '../sites/site.request';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { IdParam } from '../http/id.param';
import { AvailableRoomsQuery, DayAvailabilityQuery } from './availability.query';
import { AvailableRoomsResponse, DayAvailabilityResponse } from './availability.response';
import { CreateClosureRequest } from './closure.request';
import { ClosureResponse } from './closure.response';
import { closureOf } from './closures.controller';
import { CreateRoomRequest, UpdateRoomRequest } from './room.request';
import { RoomResponse } from './room.response';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('v1/rooms')
export class RoomsController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly sites: SitesService,
    private readonly availability: AvailabilityService,
    private readonly closures: ClosuresService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "All sites' rooms, ordered by room number (inactive ones included)",
    description: '`?site=` (a site code) lists one site; an unknown code is a 400.',
  })
  @ApiOkResponse({ type: RoomResponse, isArray: true })
  @ApiErrors(ERRORS.auth, ERRORS.input)
  async list(@Query() query: ListRoomsQuery): Promise<RoomResponse[]> {
    const site = query.site === undefined ? undefined : await this.sites.siteByCode(query.site);
    return (await this.rooms.listRooms(site?.id)).map((room) => RoomResponse.from(room));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a room (admin)',
    description:
      'A shared desk gets seats 1..capacity. 409 ROOM_NUMBER_TAKEN when another room has the ' +
      'number (in any case), or when it would make booking ids ambiguous (another room is ' +
      'the number plus or minus a -n suffix, or old booking ids of another room carry it). ' +
      '`site` (a site code) defaults to the only site; with several, 400 SITE_REQUIRED.',
  })
  @ApiCreatedResponse({ type: RoomResponse })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'SITE_REQUIRED',
    'ROOM_NUMBER_TAKEN',
    ERRORS.database,
  )
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateRoomRequest,
  ): Promise<RoomResponse> {
    return RoomResponse.from(
      await this.rooms.createRoom(user.id, {
        roomNumber: body.room_number,
        roomType: body.room_type,
        capacity: body.capacity,
        site: body.site,
      }),
    );
  }

  @Get('available')
  @ApiOperation({
    summary: 'Rooms free in one hour',
    description:
      'Whole rooms with no booking in the hour, shared desks with at least one free seat ' +
      '(`free_seats`). An hour that has begun in the site’s time zone, or lies beyond the ' +
      'booking horizon, has no free rooms; inactive rooms and rooms closed in the hour are ' +
      'never listed. One site: `site`, else the only one, else your home_site.',
  })
  @ApiOkResponse({ type: AvailableRoomsResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'INVALID_TIME_SLOT', 'SITE_REQUIRED')
  async available(
    @CurrentUser() user: AuthUser,
    @Query() query: AvailableRoomsQuery,
  ): Promise<AvailableRoomsResponse> {
    return AvailableRoomsResponse.from(
      await this.availability.findAvailableRooms(query.date, query.time_slot, query.room_type, {
        site: query.site,
        memberId: user.id,
      }),
    );
  }

  @Get('availability')
  @ApiOperation({
    summary: 'The whole day, 09:00 to 17:00: free rooms per hour and type, free desk seats',
    description:
      'Hours that have begun in the site’s time zone (or lie beyond the booking horizon) ' +
      'show count 0. Inactive rooms, and rooms in the hours they are closed, are not counted ' +
      'nor listed. With `room_type`, each slot lists only that type. One site: `site`, else ' +
      'the only one, else your home_site.',
  })
  @ApiOkResponse({ type: DayAvailabilityResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'SITE_REQUIRED')
  async day(
    @CurrentUser() user: AuthUser,
    @Query() query: DayAvailabilityQuery,
  ): Promise<DayAvailabilityResponse> {
    return DayAvailabilityResponse.from(
      query.date,
      await this.availability.getDayAvailability(query.date, query.room_type, {
        site: query.site,
        memberId: user.id,
      }),
      query.room_type,
    );
  }
  @Get(':id')
  @ApiOperation({ summary: 'One room' })
  @ApiOkResponse({ type: RoomResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'NOT_FOUND', 'ROOM_NOT_FOUND')
  async get(@IdParam() id: number): Promise<RoomResponse> {
    return RoomResponse.from(await this.rooms.getRoom(id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Rename, resize, deactivate or reactivate a room (admin)',
    description:
      'Deactivating a room, or lowering a desk below a seat number, while a booking of it that ' +
      'has not ended holds it is a 409 ROOM_IN_USE naming the booking ids (in `errors`). An ' +
      'inactive room is listed with is_active false and never allocated nor shown free. A ' +
      'booking racing the change either sees the old room and stands (the change is refused) ' +
      'or sees the new one.',
  })
  @ApiBody({
    type: UpdateRoomRequest,
    examples: {
      rename: { summary: 'Rename the room', value: { room_number: 'P03-A' } },
      reactivate: { summary: 'Open it for bookings again', value: { is_active: true } },
    },
  })
  @ApiOkResponse({ type: RoomResponse })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'NOT_FOUND',
    'ROOM_NOT_FOUND',
    'ROOM_NUMBER_TAKEN',
    'ROOM_IN_USE',
    ERRORS.database,
  )
  async update(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Body() body: UpdateRoomRequest,
  ): Promise<RoomResponse> {
    return RoomResponse.from(
      await this.rooms.updateRoom(user.id, id, {
        roomNumber: body.room_number,
        capacity: body.capacity,
        isActive: body.is_active,
      }),
    );
  }

  @Post(':id/closures')
  @Roles('admin')
  @ApiOperation({
    summary: 'Close a room for some hours of some dates (admin)',
    description:
      'Whole days when start_time and end_time are omitted. Active bookings inside the ' +
      'closure: 409 CLOSURE_CONFLICT naming them in `errors`, unless cancel_conflicting is ' +
      'true, which cancels them in the same transaction. No booking can be made inside a ' +
      'closure (409 ROOM_CLOSED when it names the room, else another room or SLOT_TAKEN).',
  })
  @ApiCreatedResponse({ type: ClosureResponse })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'NOT_FOUND',
    'ROOM_NOT_FOUND',
    'CLOSURE_CONFLICT',
    ERRORS.database,
  )
  async close(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Body() body: CreateClosureRequest,
  ): Promise<ClosureResponse> {
    return ClosureResponse.from(
      await this.closures.createClosure({ memberId: user.id }, id, closureOf(body)),
    );
  }

  @Get(':id/closures')
  @ApiOperation({
    summary: "The room's own closures, by start",
    description: 'Workspace-wide closures are listed at /api/v1/closures/.',
  })
  @ApiOkResponse({ type: ClosureResponse, isArray: true })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'NOT_FOUND', 'ROOM_NOT_FOUND')
  async listClosures(@IdParam() id: number): Promise<ClosureResponse[]> {
    return (await this.closures.listClosures(id)).map((c) => ClosureResponse.from(c));
  }

  @Delete(':id/closures/:closure_id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Lift a closure of the room (admin)',
    description: 'The reopened hours go to the waitlist in the same transaction.',
  })
  @ApiNoContentResponse({ description: 'Lifted' })
  @ApiErrors(
    ERRORS.auth,
    ERRORS.admin,
    ERRORS.input,
    'NOT_FOUND',
    'ROOM_NOT_FOUND',
    'CLOSURE_NOT_FOUND',
    ERRORS.database,
  )
  async lift(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @IdParam('closure_id') closureId: number,
  ): Promise<void> {
    await this.closures.liftClosure({ memberId: user.id }, id, closureId);
  }
}
