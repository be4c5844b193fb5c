import { Inject, Injectable } from '@nestjs/common';
import { READ_DATABASE, ReadDatabase } from '@app/database';
import { APP_CONFIG, AppConfig, CLOCK, Clock, localMoment } from '@app/core';
import { noSiteFor } from '@app/rooms';
import { RoomType } from './allocation.policy';
import {
  HourAvailability,
  RoomAvailability,
  closedByMask,
  dayAvailability,
  freeRoomsAt,
} from './availability';
import { AvailabilityFacts, AvailabilityRepository, RoomRecord } from './booking.repository';
import { assertCalendarDate, bookableHoursOf, parseStartHour } from './hour-range';

/**
 * Free rooms for an hour or a whole day, from one statement (the site, its active rooms, their
 * claimed hours and closures) whatever the number of rooms. Hours that have
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

  /** `where`: the site asked for (a code) and who asks (their home site when there are several). */
  async findAvailableRooms(
    date: string,
    timeSlot: string,
    roomType: RoomType | undefined,
    where: { site?: string; memberId: number },
  ): Promise<{ date: string; hour: number; rooms: RoomAvailability<RoomRecord>[] }> {
    assertCalendarDate(date);
    const hour = parseStartHour(timeSlot);
    const { site, rooms, claimed, closed } = await this.facts(date, hour, roomType, where);
    if (!this.isBookable(date, site)(hour)) return { date, hour, rooms: [] };
    return { date, hour, rooms: freeRoomsAt(rooms, claimed, hour, closedByMask(closed)) };
  }

  async getDayAvailability(
    date: string,
    roomType: RoomType | undefined,
    where: { site?: string; memberId: number },
  ): Promise<HourAvailability[]> {
    assertCalendarDate(date);
    const { site, rooms, claimed, closed } = await this.facts(date, null, roomType, where);
    return dayAvailability(rooms, claimed, this.isBookable(date, site), closedByMask(closed));
  }

  /** One round trip: the site (SitesService.siteForRequest's rule and errors) and its facts. */
  private async facts(
    date: string,
    hour: number | null,
    roomType: RoomType | undefined,
    where: { site?: string; memberId: number },
  ): Promise<AvailabilityFacts> {
    const facts = await this.read.run((manager) =>
      this.availability.findAvailability(
        manager,
        { siteCode: where.site ?? null, memberId: where.memberId, roomType: roomType ?? null },
        date,
        hour,
      ),
    );
    if (!facts) throw noSiteFor(where.site);
    return facts;
  }

  /** Hours that have begun are judged in the site's zone. */
  private isBookable(date: string, site: { timezone: string }): (hour: number) => boolean {
    const now = localMoment(this.clock.now(), site.timezone);
    return bookableHoursOf(date, now, this.config.bookingHorizonDays);
  }
}
