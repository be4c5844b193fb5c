import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AvailabilityService } from '@app/bookings';
import { RoomsService } from '@app/rooms';
import { ApiErrors, ERRORS } from '../http/api-errors.decorator';
import { AvailableRoomsQuery, DayAvailabilityQuery } from './availability.query';
import { AvailableRoomsResponse, DayAvailabilityResponse } from './availability.response';
import { RoomResponse } from './room.response';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('v1/rooms')
export class RoomsController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly availability: AvailabilityService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'All rooms, ordered by room number' })
  @ApiOkResponse({ type: RoomResponse, isArray: true })
  @ApiErrors(ERRORS.auth)
  async list(): Promise<RoomResponse[]> {
    return (await this.rooms.listRooms()).map((room) => RoomResponse.from(room));
  }

  @Get('available')
  @ApiOperation({
    summary: 'Rooms free in one hour',
    description:
      'Whole rooms with no booking in the hour, shared desks with at least one free seat ' +
      '(`free_seats`). An hour that has begun in the workspace time zone, or lies beyond the ' +
      'booking horizon, has no free rooms.',
  })
  @ApiOkResponse({ type: AvailableRoomsResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input, 'INVALID_TIME_SLOT')
  async available(@Query() query: AvailableRoomsQuery): Promise<AvailableRoomsResponse> {
    return AvailableRoomsResponse.from(
      await this.availability.findAvailableRooms(query.date, query.time_slot, query.room_type),
    );
  }

  @Get('availability')
  @ApiOperation({
    summary: 'The whole day, 09:00 to 17:00: free rooms per hour and type, free desk seats',
    description:
      'Hours that have begun in the workspace time zone (or lie beyond the booking horizon) ' +
      'show count 0. With `room_type`, each slot lists only that type.',
  })
  @ApiOkResponse({ type: DayAvailabilityResponse })
  @ApiErrors(ERRORS.auth, ERRORS.input)
  async day(@Query() query: DayAvailabilityQuery): Promise<DayAvailabilityResponse> {
    return DayAvailabilityResponse.from(
      query.date,
      await this.availability.getDayAvailability(query.date, query.room_type),
      query.room_type,
    );
  }
}
