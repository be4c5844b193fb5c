import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@app/auth';
import { BookingView, CheckInService } from '@app/bookings';
import { ApiErrors, ERRORS, ProblemResponse } from '../http/api-errors.decorator';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  Idempotent,
  IdempotencyKey,
  IdempotencyKeyParam,
} from '../http/idempotency';
import { actorOf } from './actor';
import { BookingResponse } from './booking.response';

@ApiTags('bookings')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse)
@Controller('v1/bookings')
export class CheckInController {
  constructor(private readonly checkIns: CheckInService) {}

  @Post(':booking_id/check-in')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check in: confirm the booking is being used, so it is not released as a no-show',
    description:
      'By the creator, a current participant (private-room occupant, desk member, team member; ' +
      'not one who left) or an admin; anyone else who may see the booking gets 403 ' +
      'CHECK_IN_FORBIDDEN. Allowed from `CHECK_IN_OPENS_MIN` minutes before the start (default ' +
      '15) until `AUTO_RELEASE_AFTER_MIN` minutes after it (default 15; with release off, until ' +
      'the booking ends), in the workspace time zone; outside that window 409 CHECK_IN_CLOSED, ' +
      'its detail saying too early or too late. Answers the booking with `checked_in_at` and ' +
      '`checked_in_by` set; a booking already checked in is answered as it is (200, unchanged). ' +
      '404 "Booking not found or already cancelled" for unknown, cancelled or released ' +
      'bookings. A check-in racing the release of the same booking: exactly one wins.',
  })
  @ApiParam({
    name: 'booking_id',
    example: 'BK20300116100000P01',
    description: 'Human booking id: BK + YYYYMMDD + HHMMSS + room number, optionally -n',
  })
  @Idempotent()
  @ApiOkResponse({
    type: BookingResponse,
    headers: IDEMPOTENT_REPLAYED_HEADER,
    description: 'The booking, checked in (now or before)',
  })
  @ApiErrors(
    ERRORS.auth,
    'CHECK_IN_FORBIDDEN',
    'BOOKING_NOT_FOUND',
    'CHECK_IN_CLOSED',
    ERRORS.database,
  )
  async checkIn(
    @CurrentUser() user: AuthUser,
    @Param('booking_id') bookingId: string,
    @IdempotencyKey() key: IdempotencyKeyParam,
  ): Promise<BookingResponse> {
    const render = (view: BookingView) => BookingResponse.from(view, user);
    return render(await this.checkIns.checkIn(actorOf(user), bookingId, key.storing(render)));
  }
}
