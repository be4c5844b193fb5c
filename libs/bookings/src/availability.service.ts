import { Inject, Injectable } from '@nestjs/common';
import { READ_DATABASE, ReadDatabase } from '@app/database';
import { APP_CONFIG, AppConfig, CLOCK, Clock, localMoment } from '@app/core';
import { RoomType } from './allocation.policy';
import {
  HourAvailability,
  RoomAvailability,
  claimIndex,
  closedAt,
  dayAvailability,
  freeRoomsAt,
} from './availability';
import { AvailabilityRepository, RoomRecord } from './booking.repository';
import { assertCalendarDate, isBookableHour, parseStartHour } from './hour-range';

/**
 * Free rooms for an hour or a whole day, from three queries (active rooms, claim counts
 * grouped by room and hour, the day's closures) whatever the number of rooms. Hours that have
 * begun, lie beyond the booking horizon or are closed have nothing free.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    private readonly availability: AvailabilityRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async findAvailableRooms(
    date: string,
    timeSlot: string,
    roomType?: RoomType,
  ): Promise<{ date: string; hour: number; rooms: RoomAvailability<RoomRecord>[] }> {
    assertCalendarDate(date);
    const hour = parseStartHour(timeSlot);
    if (!this.isBookable(date)(hour)) return { date, hour, rooms: [] };
    const [rooms, claims, closures] = await this.read.run((manager) =>
      Promise.all([
        this.availability.findRooms(manager, roomType),
        this.availability.countClaims(manager, date, hour),
        this.availability.findClosures(manager, date),
      ]),
    );
    return {
      date,
      hour,
      rooms: freeRoomsAt(rooms, claimIndex(claims), hour, closedAt(closures)),
    };
  }

  async getDayAvailability(date: string, roomType?: RoomType): Promise<HourAvailability[]> {
    assertCalendarDate(date);
    const [rooms, claims, closures] = await this.read.run((manager) =>
      Promise.all([
        this.availability.findRooms(manager, roomType),
        this.availability.countClaims(manager, date),
        this.availability.findClosures(manager, date),
      ]),
    );
    return dayAvailability(rooms, claimIndex(claims), this.isBookable(date), closedAt(closures));
  }

  private isBookable(date: string): (hour: number) => boolean {
    const now = localMoment(this.clock.now(), this.config.workspaceTimezone);
    return (hour) => isBookableHour(date, hour, now, this.config.bookingHorizonDays);
  }
}
