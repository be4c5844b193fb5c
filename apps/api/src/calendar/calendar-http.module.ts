import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { BookingCalendarController } from './booking-calendar.controller';
import { CalendarFeedController, CalendarSubscriptionController } from './calendar-feed.controller';

@Module({
  imports: [CalendarModule],
  controllers: [BookingCalendarController, CalendarFeedController, CalendarSubscriptionController],
})
export class CalendarHttpModule {}
