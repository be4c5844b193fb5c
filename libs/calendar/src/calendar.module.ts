import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingsModule } from '@app/bookings';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { CalendarFeed } from './entities/calendar-feed.entity';

export const calendarEntities = [CalendarFeed];

@Module({
  imports: [TypeOrmModule.forFeature(calendarEntities), BookingsModule],
  providers: [CalendarRepository, CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
