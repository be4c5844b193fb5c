import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RoomsService } from '@app/rooms';
import { RoomResponse } from './room.response';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('v1/rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @ApiOperation({ summary: 'All rooms, ordered by room number' })
  @ApiOkResponse({ type: RoomResponse, isArray: true })
  async list(): Promise<RoomResponse[]> {
    return (await this.rooms.listRooms()).map((room) => RoomResponse.from(room));
  }
}
