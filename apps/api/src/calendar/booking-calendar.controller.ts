import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@app/auth';
import { CalendarService } from '@app/calendar';
import { actorOf } from '../bookings/actor';
import { ApiErrors, ERRORS, ProblemResponse } from '../http/api-errors.decorator';
import { CalendarContent } from './calendar-content';

@ApiTags('calendars')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse)
@Controller('v1/bookings')
export class BookingCalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Get(':booking_id/ics')
  @ApiOperation({
    summary: 'One booking as an iCalendar (.ics) file',
    description:
      'For whoever may read the booking (as GET /bookings/{booking_id}/; 404 for anyone ' +
      'else). One VEVENT: UID `<booking_id>@<host name of PUBLIC_URL>` (stable), DTSTART/DTEND in ' +
      'WORKSPACE_TIMEZONE with its VTIMEZONE, SUMMARY naming the room type and number, ' +
      'SEQUENCE rising with every change of the booking, STATUS:CANCELLED once cancelled or ' +
      'released (else CONFIRMED).',
  })
  @ApiParam({ name: 'booking_id', example: 'BK20300116100000P01' })
  @CalendarContent('The booking as text/calendar (RFC 5545)')
  @ApiErrors(ERRORS.auth, 'BOOKING_NOT_FOUND')
  ics(@CurrentUser() user: AuthUser, @Param('booking_id') bookingId: string): Promise<string> {
    return this.calendars.bookingCalendar(actorOf(user), bookingId);
  }
}
